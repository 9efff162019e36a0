package dev.jtrace.dwarf;

import java.util.Arrays;

/**
 * The functions of one unit with their pc ranges (concrete subprograms and the inlined subroutines
 * within them), sorted by start: the innermost range holding an address is the one with the
 * greatest start among those that hold it, and its parent links lead out to the function. A lookup
 * is a binary search and a short walk; it allocates nothing.
 */
final class UnitInlines {
  static final UnitInlines EMPTY =
      new UnitInlines(new long[0], new long[0], new long[0], new int[0], new String[0]);

  private final long[] low;
  private final long[] high;

  /** The greatest high of entries 0..i: a backward walk stops where none earlier can hold. */
  private final long[] maxHigh;

  /** The enclosing inlined subroutine's or function's entry (-1: this is the function). */
  private final int[] parent;

  /** Each entry's name (null: the DWARF gives none). */
  private final String[] name;

  UnitInlines(long[] low, long[] high, long[] maxHigh, int[] parent, String[] name) {
    this.low = low;
    this.high = high;
    this.maxHigh = maxHigh;
    this.parent = parent;
    this.name = name;
  }

  /**
   * Builds the table from entries in DIE order (parents before children).
   *
   * @param depth each entry's inline depth (0: a function)
   */
  static UnitInlines of(LongList lows, LongList highs, int[] depth, int[] parents, String[] names) {
    int n = lows.size();
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Arrays.sort(
        order,
        (a, b) -> {
          int c = Long.compareUnsigned(lows.get(a), lows.get(b));
          return c != 0 ? c : Integer.compare(depth[a], depth[b]);
        });
    int[] rank = new int[n];
    for (int i = 0; i < n; i++) {
      rank[order[i]] = i;
    }
    long[] low = new long[n];
    long[] high = new long[n];
    long[] maxHigh = new long[n];
    int[] parent = new int[n];
    String[] name = new String[n];
    for (int i = 0; i < n; i++) {
      int e = order[i];
      low[i] = lows.get(e);
      high[i] = highs.get(e);
      maxHigh[i] =
          i == 0 || Long.compareUnsigned(high[i], maxHigh[i - 1]) > 0 ? high[i] : maxHigh[i - 1];
      parent[i] = parents[e] < 0 ? -1 : rank[parents[e]];
      name[i] = names[e];
    }
    return new UnitInlines(low, high, maxHigh, parent, name);
  }

  /**
   * Fills {@code out} with the names of the functions inlined at this address, innermost first,
   * then the function holding them; returns how many (0: no function of this unit holds it, or one
   * on the way out has no name).
   */
  int lookup(long address, String[] out) {
    int lo = 0;
    int hi = low.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (Long.compareUnsigned(low[mid], address) <= 0) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    int i = lo - 1;
    while (i >= 0 && Long.compareUnsigned(high[i], address) <= 0) {
      if (Long.compareUnsigned(maxHigh[i], address) <= 0) {
        return 0;
      }
      i--;
    }
    int n = 0;
    for (int steps = 0; i >= 0 && steps < low.length; steps++) {
      if (n == out.length || name[i] == null) {
        return 0;
      }
      out[n++] = name[i];
      i = parent[i];
    }
    return i < 0 ? n : 0;
  }
}
