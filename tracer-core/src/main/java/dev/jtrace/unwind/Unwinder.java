package dev.jtrace.unwind;

import dev.jtrace.symbols.CodeAddress;
import dev.jtrace.symbols.Symbolizer;

/**
 * Walks a sampled user stack with the binaries' CFI: from the registers at the sample, each frame's
 * row gives the canonical frame address and where the caller's registers and return address were
 * saved, read from the stack copy. It stops at the outermost frame (return address undefined or 0),
 * at code without CFI (after one frame-pointer step, as JIT code has none), or where the copy ends:
 * then a 0 frame closes the stack, which prints as perf's {@code [0] ([unknown])}. A caller's frame
 * is its return address less one (inside the call, as perf reports it). One per consumer thread; an
 * unwind allocates nothing once the binaries' CFI are read.
 */
public final class Unwinder {
  /** A frame pointer further than this above the copy is not a frame pointer. */
  private static final long MAX_FRAME_DISTANCE = 1L << 20;

  private final RegisterModel arch;
  private final Symbolizer code;
  private final CfiCache cfi;
  private final CfiInterpreter interpreter = new CfiInterpreter();
  private final DwarfExpression expression = new DwarfExpression();
  private final CfiRow row = new CfiRow();
  private final CodeAddress where = new CodeAddress();
  private long[] regs;
  private boolean[] known;
  private long[] next;
  private boolean[] nextKnown;

  /** Unwinds with the symbolizer's mappings; CFI read once per binary into {@code cfi}. */
  public Unwinder(RegisterModel arch, Symbolizer code, CfiCache cfi) {
    this.arch = arch;
    this.code = code;
    this.cfi = cfi;
    int n = arch.registers();
    regs = new long[n];
    known = new boolean[n];
    next = new long[n];
    nextKnown = new boolean[n];
  }

  /**
   * The registers to fill (DWARF numbering) before each {@link #unwind}, with {@link #known()}: ask
   * again each time (the unwinder swaps its arrays).
   */
  public long[] registers() {
    return regs;
  }

  public boolean[] known() {
    return known;
  }

  public RegisterModel arch() {
    return arch;
  }

  /**
   * Unwinds process {@code pid}'s stack from {@link #registers()} over {@code stack}, writing at
   * most {@code max} frame addresses (the sampled pc first, then return addresses) into {@code out}
   * from {@code from}. Returns how many were written.
   */
  public int unwind(int pid, StackCopy stack, long[] out, int from, int max) {
    int ra = arch.returnAddress();
    int sp = arch.stackPointer();
    int fp = arch.framePointer();
    int n = 0;
    if (max <= 0 || !known[ra]) {
      return 0;
    }
    long pc = regs[ra];
    out[from + n++] = pc;
    boolean exact = true; // the sampled pc, or a signal frame's: not a return address
    while (n < max) {
      CfiTable table = null;
      long at = 0;
      long lookup = exact ? pc : pc - 1;
      if (code.locate(pid, lookup, where)) {
        at = where.binaryAddress();
        table = cfi.of(where).tableFor(at);
      }
      if (table == null) {
        // no CFI: one step through the frame pointer, as code without CFI (JIT) keeps it
        if (!known[fp] || Long.compareUnsigned(regs[fp], regs[sp]) < 0) {
          return n;
        }
        if (!stack.has(regs[fp]) || !stack.has(regs[fp] + 8)) {
          return regs[fp] - stack.base() < MAX_FRAME_DISTANCE ? truncated(out, from, n) : n;
        }
        long caller = stack.read(regs[fp] + 8);
        regs[sp] = regs[fp] + 16;
        regs[fp] = stack.read(regs[fp]);
        if (caller == 0) {
          return n;
        }
        pc = caller;
        regs[ra] = pc;
        out[from + n++] = pc - 1;
        exact = false;
        continue;
      }
      int fde = table.find(at);
      try {
        interpreter.rowAt(table, fde, at, row);
      } catch (CfiException e) {
        return n;
      }
      long cfa;
      if (row.cfaIsExpression) {
        cfa =
            expression.evaluate(
                table, row.cfaExpression, row.cfaExpressionLength, regs, known, stack, false, 0);
        if (expression.failed()) {
          return truncated(out, from, n);
        }
      } else {
        int r = row.cfaRegister;
        if (r < 0 || r >= regs.length || !known[r]) {
          return n;
        }
        cfa = regs[r] + row.cfaOffset;
      }
      int column = table.cie(fde).returnColumn();
      boolean raLost = false;
      for (int r = 0; r < regs.length; r++) {
        int rule = r == ra && column < CfiRow.MAX_REGISTERS ? column : r;
        next[r] = regs[r];
        nextKnown[r] = known[r];
        switch (row.kind[rule]) {
          case CfiRow.SAME -> {
            if (r == ra && rule == column) {
              nextKnown[r] = false; // a return address with no rule: nothing to go on
            }
          }
          case CfiRow.UNDEFINED -> nextKnown[r] = false;
          case CfiRow.OFFSET -> load(stack, cfa + row.value[rule], r);
          case CfiRow.VAL_OFFSET -> set(r, cfa + row.value[rule]);
          case CfiRow.REGISTER -> {
            int from2 = (int) row.value[rule];
            if (from2 >= 0 && from2 < regs.length && known[from2]) {
              set(r, regs[from2]);
            } else {
              nextKnown[r] = false;
            }
          }
          case CfiRow.EXPRESSION, CfiRow.VAL_EXPRESSION -> {
            long v =
                expression.evaluate(
                    table, (int) row.value[rule], row.length[rule], regs, known, stack, true, cfa);
            if (expression.failed()) {
              nextKnown[r] = false;
            } else if (row.kind[rule] == CfiRow.EXPRESSION) {
              load(stack, v, r);
            } else {
              set(r, v);
            }
          }
          default -> nextKnown[r] = false;
        }
        if (r == ra && !nextKnown[r] && row.kind[rule] != CfiRow.UNDEFINED) {
          raLost = true;
        }
      }
      if (row.kind[sp] == CfiRow.SAME) {
        set(sp, cfa); // the CFA is the caller's stack pointer unless a rule says otherwise
      }
      if (raLost) {
        return truncated(out, from, n);
      }
      if (!nextKnown[ra] || next[ra] == 0) {
        return n; // the outermost frame
      }
      if (next[ra] == pc && next[sp] == regs[sp]) {
        return n; // no progress: a loop in bad CFI
      }
      exact = table.cie(fde).signalFrame();
      long[] t = regs;
      regs = next;
      next = t;
      boolean[] k = known;
      known = nextKnown;
      nextKnown = k;
      pc = regs[ra];
      out[from + n++] = pc - 1; // inside the call, as perf reports a caller's frame
    }
    return n;
  }

  /** The walk ran past the copied stack: a 0 frame says the stack goes on, as perf prints it. */
  private static int truncated(long[] out, int from, int n) {
    out[from + n] = 0;
    return n + 1;
  }

  private void load(StackCopy stack, long address, int r) {
    if (stack.has(address)) {
      set(r, stack.read(address));
    } else {
      nextKnown[r] = false;
    }
  }

  private void set(int r, long v) {
    next[r] = v;
    nextKnown[r] = true;
  }
}
