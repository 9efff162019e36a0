package dev.jtrace.tracer.filter;

import java.util.List;

/**
 * A parsed filter expression, names not yet bound to a syscall. Every leaf keeps the position of
 * its argument name (0-based), so binding errors can point at it.
 */
public sealed interface FilterExpr {
  /** {@code a && b}. */
  record And(FilterExpr left, FilterExpr right) implements FilterExpr {}

  /** {@code a || b}. */
  record Or(FilterExpr left, FilterExpr right) implements FilterExpr {}

  /** {@code !a}. */
  record Not(FilterExpr operand) implements FilterExpr {}

  /** Comparison operators on numbers. */
  enum Op {
    EQ("=="),
    NE("!="),
    LT("<"),
    LE("<="),
    GT(">"),
    GE(">=");

    final String spelling;

    Op(String spelling) {
      this.spelling = spelling;
    }

    /** The operator that holds when this one does not. */
    Op negated() {
      return switch (this) {
        case EQ -> NE;
        case NE -> EQ;
        case LT -> GE;
        case LE -> GT;
        case GT -> LE;
        case GE -> LT;
      };
    }
  }

  /**
   * A value: a number, or names or'ed together ({@code O_WRONLY|O_CREAT}), resolved in the
   * argument's table at binding.
   */
  record Value(Long number, List<Name> names) {
    public Value {
      names = names == null ? List.of() : List.copyOf(names);
    }

    static Value of(long n) {
      return new Value(n, List.of());
    }
  }

  /** A value name and where it stands. */
  record Name(String text, int position) {}

  /**
   * {@code arg OP value}, or with a mask {@code arg & mask OP value}; {@code arg & mask} alone is
   * {@code (arg & mask) != 0}.
   */
  record Compare(String arg, int position, Value mask, Op op, Value value) implements FilterExpr {}

  /** {@code arg ~ "glob"} ({@code negated}: {@code !~}): the string the argument points to. */
  record Glob(String arg, int position, GlobPattern pattern, boolean negated)
      implements FilterExpr {}
}
