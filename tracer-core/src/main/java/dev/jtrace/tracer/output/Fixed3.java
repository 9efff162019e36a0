package dev.jtrace.tracer.output;

/**
 * Formats nanoseconds as milliseconds with three decimals, right-aligned, as printf's %W.3f does.
 */
final class Fixed3 {
  private Fixed3() {}

  /** Appends ns as ms with 3 decimals (rounded half up) padded left to width. */
  static void appendMillis(StringBuilder out, long ns, int width) {
    boolean neg = ns < 0;
    long us = (Math.abs(ns) + 500) / 1000;
    long whole = us / 1000;
    int frac = (int) (us % 1000);
    // the padding goes first: counting the digits costs less than inserting before them
    int len = digits(whole) + 4 + (neg ? 1 : 0);
    if (len < width) {
      out.repeat(' ', width - len);
    }
    if (neg) {
      out.append('-');
    }
    out.append(whole).append('.');
    out.append((char) ('0' + frac / 100))
        .append((char) ('0' + frac / 10 % 10))
        .append((char) ('0' + frac % 10));
  }

  private static int digits(long v) {
    int n = 1;
    // comparisons, not divisions: this runs twice per line
    for (long p = 10; n < 19 && v >= p; p *= 10) {
      n++;
    }
    return n;
  }
}
