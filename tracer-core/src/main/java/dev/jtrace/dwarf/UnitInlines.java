package dev.jtrace.dwarf;

import java.util.Arrays;

/**
 * The functions of one unit with their pc ranges (concrete subprograms and the inlined subroutines
 * within them), cut into disjoint segments each naming its innermost entry, whose parent links lead
 * out to the function. A lookup is a binary search and the walk out; it allocates nothing.
 */
final class UnitInlines {
  static final UnitInlines EMPTY =
      new UnitInlines(new long[0], new int[0], new int[0], new String[0]);

  /** Segment k is [bound[k], bound[k + 1]); its innermost entry is segmentEntry[k] (-1: none). */
  private final long[] bound;

  private final int[] segmentEntry;

  /** The enclosing inlined subroutine's or function's entry (-1: this is the function). */
  private final int[] parent;

  /** Each entry's name (null: the DWARF gives none). */
  private final String[] name;

  private UnitInlines(long[] bound, int[] segmentEntry, int[] parent, String[] name) {
    this.bound = bound;
    this.segmentEntry = segmentEntry;
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
    // by start, an enclosing entry before the entries it holds
    Arrays.sort(
        order,
        (a, b) -> {
          int c = Long.compareUnsigned(lows.get(a), lows.get(b));
          return c != 0 ? c : Integer.compare(depth[a], depth[b]);
        });
    long[] points = new long[2 * n];
    for (int i = 0; i < n; i++) {
      points[2 * i] = lows.get(i);
      points[2 * i + 1] = highs.get(i);
    }
    long[] bound = sortedUnique(points);
    int[] segmentEntry = new int[Math.max(0, bound.length - 1)];
    // sweep: the stack holds the entries open at the point, the innermost on top
    int[] stack = new int[Math.max(1, n)];
    int top = 0;
    int next = 0;
    for (int k = 0; k + 1 < bound.length; k++) {
      long x = bound[k];
      while (next < n && Long.compareUnsigned(lows.get(order[next]), x) <= 0) {
        int e = order[next++];
        while (top > 0 && Long.compareUnsigned(highs.get(stack[top - 1]), x) <= 0) {
          top--;
        }
        stack[top++] = e;
      }
      while (top > 0 && Long.compareUnsigned(highs.get(stack[top - 1]), x) <= 0) {
        top--;
      }
      segmentEntry[k] = top > 0 ? stack[top - 1] : -1;
    }
    return new UnitInlines(bound, segmentEntry, parents, names);
  }

  private static long[] sortedUnique(long[] v) {
    Long[] boxed = new Long[v.length];
    for (int i = 0; i < v.length; i++) {
      boxed[i] = v[i];
    }
    Arrays.sort(boxed, Long::compareUnsigned);
    long[] out = new long[v.length];
    int m = 0;
    for (Long x : boxed) {
      if (m == 0 || out[m - 1] != x) {
        out[m++] = x;
      }
    }
    return Arrays.copyOf(out, m);
  }

  /**
   * Fills {@code out} with the names of the functions inlined at this address, innermost first,
   * then the function holding them; returns how many (0: no function of this unit holds it, or one
   * on the way out has no name).
   */
  int lookup(long address, String[] out) {
    int lo = 0;
    int hi = bound.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (Long.compareUnsigned(bound[mid], address) <= 0) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    int k = lo - 1;
    if (k < 0 || k >= segmentEntry.length) {
      return 0;
    }
    int i = segmentEntry[k];
    int n = 0;
    for (int steps = 0; i >= 0 && steps < parent.length; steps++) {
      if (n == out.length || name[i] == null) {
        return 0;
      }
      out[n++] = name[i];
      i = parent[i];
    }
    return i < 0 ? n : 0;
  }
}
