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
    int start = out.length();
    if (neg) {
      out.append('-');
    }
    out.append(whole).append('.');
    if (frac < 100) {
      out.append('0');
    }
    if (frac < 10) {
      out.append('0');
    }
    out.append(frac);
    int len = out.length() - start;
    if (len < width) {
      out.insert(start, " ".repeat(width - len));
    }
  }
}
