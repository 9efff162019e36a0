package dev.jtrace.tracer.filter;

import dev.jtrace.tracer.filter.FilterExpr.Op;

/**
 * A filter bound to one syscall: argument names are indexes into the six saved arguments, values
 * are numbers, globs are compiled. A test on an argument the syscall does not have is {@link
 * #FALSE}.
 */
public sealed interface BoundFilter {
  BoundFilter TRUE = new Constant(true);
  BoundFilter FALSE = new Constant(false);

  /** Always or never. */
  record Constant(boolean value) implements BoundFilter {}

  record And(BoundFilter left, BoundFilter right) implements BoundFilter {}

  record Or(BoundFilter left, BoundFilter right) implements BoundFilter {}

  record Not(BoundFilter operand) implements BoundFilter {}

  /**
   * How an argument's register is read: its C type's width (an {@code int} is the low 32 bits of
   * the register, as the kernel's syscall wrappers cast it) and signedness.
   */
  enum Width {
    S32,
    U32,
    S64,
    U64;

    boolean signed() {
      return this == S32 || this == S64;
    }
  }

  /**
   * {@code (args[arg] & mask) op value} on the argument read at its width ({@code mask} -1: no
   * mask); {@code value} already normalized to the same width.
   */
  record Compare(int arg, Width width, long mask, Op op, long value) implements BoundFilter {}

  /** {@code args[arg]} points to a string matching (or, negated, not matching) the glob. */
  record Glob(int arg, GlobPattern pattern, boolean negated) implements BoundFilter {}

  /** Whether the filter reads a string (the emitter needs a scratch buffer then). */
  static boolean readsStrings(BoundFilter f) {
    return switch (f) {
      case Constant c -> false;
      case And a -> readsStrings(a.left()) || readsStrings(a.right());
      case Or o -> readsStrings(o.left()) || readsStrings(o.right());
      case Not n -> readsStrings(n.operand());
      case Compare c -> false;
      case Glob g -> true;
    };
  }

  /** The same filter with constants folded away ({@code x && FALSE} is FALSE). */
  static BoundFilter simplify(BoundFilter f) {
    return switch (f) {
      case And a -> {
        BoundFilter l = simplify(a.left());
        BoundFilter r = simplify(a.right());
        if (l == FALSE || r == FALSE) {
          yield FALSE;
        }
        yield l == TRUE ? r : r == TRUE ? l : new And(l, r);
      }
      case Or o -> {
        BoundFilter l = simplify(o.left());
        BoundFilter r = simplify(o.right());
        if (l == TRUE || r == TRUE) {
          yield TRUE;
        }
        yield l == FALSE ? r : r == FALSE ? l : new Or(l, r);
      }
      case Not n -> {
        BoundFilter x = simplify(n.operand());
        yield x == TRUE ? FALSE : x == FALSE ? TRUE : new Not(x);
      }
      default -> f;
    };
  }
}
