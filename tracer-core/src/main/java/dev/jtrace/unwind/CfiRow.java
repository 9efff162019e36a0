package dev.jtrace.unwind;

/**
 * One row of the CFI table: how to find the canonical frame address (a register plus an offset, or
 * an expression) and where each register of the caller is (its rule). Filled in place by {@link
 * CfiInterpreter} and reused for every frame. Expression rules point into the table's bytes.
 */
final class CfiRow {
  /** The register has the caller's value still (DWARF's default for callee-saved registers). */
  static final byte SAME = 0;

  /** The caller's value is lost (for the return address: the outermost frame). */
  static final byte UNDEFINED = 1;

  /** Saved at CFA + value. */
  static final byte OFFSET = 2;

  /** The caller's value is CFA + value. */
  static final byte VAL_OFFSET = 3;

  /** In register number value. */
  static final byte REGISTER = 4;

  /** Saved at the address an expression computes (the CFA pushed first). */
  static final byte EXPRESSION = 5;

  /** The caller's value is what an expression computes (the CFA pushed first). */
  static final byte VAL_EXPRESSION = 6;

  /** Register rules kept per row (more than any model needs; higher numbers are ignored). */
  static final int MAX_REGISTERS = 34;

  boolean cfaIsExpression;
  int cfaRegister;
  long cfaOffset;
  int cfaExpression;
  int cfaExpressionLength;

  final byte[] kind = new byte[MAX_REGISTERS];
  final long[] value = new long[MAX_REGISTERS];

  /** For expression rules: the expression's length (value holds its offset). */
  final int[] length = new int[MAX_REGISTERS];

  void clear() {
    cfaIsExpression = false;
    cfaRegister = -1;
    cfaOffset = 0;
    java.util.Arrays.fill(kind, SAME);
    java.util.Arrays.fill(value, 0);
    java.util.Arrays.fill(length, 0);
  }

  void copyFrom(CfiRow o) {
    cfaIsExpression = o.cfaIsExpression;
    cfaRegister = o.cfaRegister;
    cfaOffset = o.cfaOffset;
    cfaExpression = o.cfaExpression;
    cfaExpressionLength = o.cfaExpressionLength;
    System.arraycopy(o.kind, 0, kind, 0, MAX_REGISTERS);
    System.arraycopy(o.value, 0, value, 0, MAX_REGISTERS);
    System.arraycopy(o.length, 0, length, 0, MAX_REGISTERS);
  }

  void set(int register, byte k, long v) {
    if (register >= 0 && register < MAX_REGISTERS) {
      kind[register] = k;
      value[register] = v;
    }
  }

  void restoreFrom(CfiRow initial, int register) {
    if (register >= 0 && register < MAX_REGISTERS) {
      kind[register] = initial.kind[register];
      value[register] = initial.value[register];
      length[register] = initial.length[register];
    }
  }
}
