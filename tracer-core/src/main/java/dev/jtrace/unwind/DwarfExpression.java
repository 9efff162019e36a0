package dev.jtrace.unwind;

import java.nio.ByteBuffer;

/**
 * Evaluates the DWARF expressions CFI uses (DW_OP_*: constants, register-based values, arithmetic,
 * comparisons, branches, and loads from the stack copy), as PLT entries ({@code breg7 rsp; breg16
 * rip; lit15; and; lit11; ge; lit3; shl; plus}) and signal frames ({@code breg7; deref} and
 * per-register expressions) have them. A load outside the copy or an operation it does not know
 * makes it fail ({@link #failed()}), never throw: the unwinder stops at that frame.
 */
final class DwarfExpression {
  private static final int STACK = 64;
  private static final int MAX_STEPS = 10_000;

  private final long[] stack = new long[STACK];
  private final CfiReader r = new CfiReader("expression", ByteBuffer.allocate(0), 0);
  private boolean failed;

  boolean failed() {
    return failed;
  }

  /**
   * The value of the expression at {@code offset} (length {@code length}) of the table's bytes,
   * with {@code initial} pushed first when {@code push}.
   */
  long evaluate(
      CfiTable table,
      int offset,
      int length,
      long[] regs,
      boolean[] known,
      StackCopy memory,
      boolean push,
      long initial) {
    failed = false;
    r.reset(table.name, table.data, table.address);
    r.p = offset;
    r.end = offset + length;
    int sp = 0;
    if (push) {
      stack[sp++] = initial;
    }
    try {
      for (int steps = 0; r.p < r.end; steps++) {
        if (steps > MAX_STEPS || sp >= STACK - 1) {
          return fail();
        }
        int op = r.u8("DW_OP");
        if (op >= 0x30 && op <= 0x4f) { // lit0..31
          stack[sp++] = op - 0x30;
          continue;
        }
        if (op >= 0x70 && op <= 0x8f) { // breg0..31
          int reg = op - 0x70;
          long off = r.sleb("breg offset");
          if (reg >= regs.length || !known[reg]) {
            return fail();
          }
          stack[sp++] = regs[reg] + off;
          continue;
        }
        switch (op) {
          case 0x03 -> stack[sp++] = r.u64("addr"); // addr
          case 0x06 -> { // deref
            if (sp < 1 || !memory.has(stack[sp - 1])) {
              return fail();
            }
            stack[sp - 1] = memory.read(stack[sp - 1]);
          }
          case 0x94 -> { // deref_size
            int n = r.u8("deref size");
            if (sp < 1 || n < 1 || n > 8 || !memory.has(stack[sp - 1])) {
              return fail();
            }
            long v = memory.read(stack[sp - 1]);
            stack[sp - 1] = n == 8 ? v : v & ((1L << (8 * n)) - 1);
          }
          case 0x08 -> stack[sp++] = r.u8("const1u");
          case 0x09 -> stack[sp++] = (byte) r.u8("const1s");
          case 0x0a -> stack[sp++] = r.u16("const2u");
          case 0x0b -> stack[sp++] = (short) r.u16("const2s");
          case 0x0c -> stack[sp++] = r.u32("const4u");
          case 0x0d -> stack[sp++] = (int) r.u32("const4s");
          case 0x0e, 0x0f -> stack[sp++] = r.u64("const8");
          case 0x10 -> stack[sp++] = r.uleb("constu");
          case 0x11 -> stack[sp++] = r.sleb("consts");
          case 0x12 -> { // dup
            if (sp < 1) {
              return fail();
            }
            stack[sp] = stack[sp - 1];
            sp++;
          }
          case 0x13 -> { // drop
            if (sp < 1) {
              return fail();
            }
            sp--;
          }
          case 0x14 -> { // over
            if (sp < 2) {
              return fail();
            }
            stack[sp] = stack[sp - 2];
            sp++;
          }
          case 0x15 -> { // pick
            int i = r.u8("pick index");
            if (i >= sp) {
              return fail();
            }
            stack[sp] = stack[sp - 1 - i];
            sp++;
          }
          case 0x16 -> { // swap
            if (sp < 2) {
              return fail();
            }
            long t = stack[sp - 1];
            stack[sp - 1] = stack[sp - 2];
            stack[sp - 2] = t;
          }
          case 0x17 -> { // rot
            if (sp < 3) {
              return fail();
            }
            long t = stack[sp - 1];
            stack[sp - 1] = stack[sp - 2];
            stack[sp - 2] = stack[sp - 3];
            stack[sp - 3] = t;
          }
          case 0x19 -> { // abs
            if (sp < 1) {
              return fail();
            }
            stack[sp - 1] = Math.abs(stack[sp - 1]);
          }
          case 0x1f -> { // neg
            if (sp < 1) {
              return fail();
            }
            stack[sp - 1] = -stack[sp - 1];
          }
          case 0x20 -> { // not
            if (sp < 1) {
              return fail();
            }
            stack[sp - 1] = ~stack[sp - 1];
          }
          case 0x23 -> { // plus_uconst
            if (sp < 1) {
              return fail();
            }
            stack[sp - 1] += r.uleb("plus_uconst");
          }
          case 0x1a,
              0x1b,
              0x1c,
              0x1d,
              0x1e,
              0x21,
              0x22,
              0x24,
              0x25,
              0x26,
              0x27,
              0x29,
              0x2a,
              0x2b,
              0x2c,
              0x2d,
              0x2e -> {
            if (sp < 2) {
              return fail();
            }
            long b = stack[--sp];
            long a = stack[sp - 1];
            long v;
            switch (op) {
              case 0x1a -> v = a & b;
              case 0x1b -> {
                if (b == 0) {
                  return fail();
                }
                v = a / b;
              }
              case 0x1c -> v = a - b;
              case 0x1d -> {
                if (b == 0) {
                  return fail();
                }
                v = Long.remainderUnsigned(a, b);
              }
              case 0x1e -> v = a * b;
              case 0x21 -> v = a | b;
              case 0x22 -> v = a + b;
              case 0x24 -> v = b >= 64 || b < 0 ? 0 : a << b;
              case 0x25 -> v = b >= 64 || b < 0 ? 0 : a >>> b;
              case 0x26 -> v = b >= 64 || b < 0 ? (a < 0 ? -1 : 0) : a >> b;
              case 0x27 -> v = a ^ b;
              case 0x29 -> v = a == b ? 1 : 0;
              case 0x2a -> v = a >= b ? 1 : 0;
              case 0x2b -> v = a > b ? 1 : 0;
              case 0x2c -> v = a <= b ? 1 : 0;
              case 0x2d -> v = a < b ? 1 : 0;
              default -> v = a != b ? 1 : 0;
            }
            stack[sp - 1] = v;
          }
          case 0x2f, 0x28 -> { // skip, bra
            int delta = (short) r.u16("branch offset");
            boolean take = true;
            if (op == 0x28) {
              if (sp < 1) {
                return fail();
              }
              take = stack[--sp] != 0;
            }
            if (take) {
              int to = r.p + delta;
              if (to < offset || to > r.end) {
                return fail();
              }
              r.p = to;
            }
          }
          case 0x92 -> { // bregx
            int reg = r.ulebInt("bregx register");
            long off = r.sleb("bregx offset");
            if (reg >= regs.length || !known[reg]) {
              return fail();
            }
            stack[sp++] = regs[reg] + off;
          }
          case 0x96 -> {} // nop
          default -> {
            return fail(); // reg/regx (locations), TLS, calls: not in unwinding CFI
          }
        }
      }
    } catch (CfiException e) {
      return fail();
    }
    return sp > 0 ? stack[sp - 1] : fail();
  }

  private long fail() {
    failed = true;
    return 0;
  }
}
