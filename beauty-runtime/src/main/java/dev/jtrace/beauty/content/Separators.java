package dev.jtrace.beauty.content;

/**
 * Where a writer of nested lists needs a separator: before every element but the first of its
 * level. Up to 64 levels are tracked in one word (deeper ones never separate); no allocation.
 */
final class Separators {
  private long written;
  private int depth;

  /** Whether the element about to be written at the current level follows another. */
  boolean next() {
    if (depth == 0 || depth > 64) {
      return false;
    }
    long bit = 1L << (depth - 1);
    boolean follows = (written & bit) != 0;
    written |= bit;
    return follows;
  }

  /** A new level begins (after the opening bracket's own {@link #next}). */
  void open() {
    depth++;
    if (depth <= 64) {
      written &= ~(1L << (depth - 1));
    }
  }

  void close() {
    depth--;
  }
}
