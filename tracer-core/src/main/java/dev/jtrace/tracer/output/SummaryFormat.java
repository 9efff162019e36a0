package dev.jtrace.tracer.output;

import dev.jtrace.beauty.SyscallBeautifier;
import java.util.Map;

/**
 * perf trace -s's table, shared by the user-space ({@link SummaryCollector}) and the in-kernel
 * ({@link KernelSummary}) summaries: the three header lines, one row per syscall, and
 * --errno-summary's {@code \t\t\t\tENAME: n} lines.
 */
final class SummaryFormat {
  /** Added to a compat call's number to key its stats apart from the native call's. */
  static final int COMPAT_KEY = 1 << 16;

  private SummaryFormat() {}

  static void header(StringBuilder b) {
    b.append(
        "   syscall            calls  errors  total       min       avg       max      "
            + " stddev\n");
    b.append(
        "                                     (msec)    (msec)    (msec)    (msec)        (%)\n");
    b.append(
        "   --------------- --------  ------ -------- --------- --------- ---------    "
            + " ------\n");
  }

  /**
   * One row, as {@code " %-15s %8d %6d %9.3f %9.3f %9.3f %9.3f %9.2f%%\n"} prints it, without
   * String.format: a system-wide summary prints hundreds of thousands of rows at its stop.
   */
  static void row(
      StringBuilder b,
      String name,
      long calls,
      long errors,
      long totalNs,
      long minNs,
      double avgNs,
      long maxNs,
      double stddevPercent) {
    b.append("   ").append(name);
    pad(b, 15 - name.length());
    b.append(' ');
    right(b, calls, 8, 0);
    b.append(' ');
    right(b, errors, 6, 0);
    b.append(' ');
    right(b, roundedMicros(totalNs), 9, 3);
    b.append(' ');
    right(b, roundedMicros(minNs), 9, 3);
    b.append(' ');
    right(b, Math.round(avgNs / 1e3), 9, 3);
    b.append(' ');
    right(b, roundedMicros(maxNs), 9, 3);
    b.append(' ');
    right(b, Math.round(stddevPercent * 100), 9, 2);
    b.append("%\n");
  }

  /** ns in µs, rounded half up: the msec column's three decimals. */
  private static long roundedMicros(long ns) {
    return ns >= 0 ? (ns + 500) / 1000 : -((-ns + 500) / 1000);
  }

  private static void pad(StringBuilder b, int n) {
    for (int i = 0; i < n; i++) {
      b.append(' ');
    }
  }

  /** scaled / 10^decimals with that many decimals, right-aligned in width (wider when longer). */
  private static void right(StringBuilder b, long scaled, int width, int decimals) {
    long unit = 1;
    for (int i = 0; i < decimals; i++) {
      unit *= 10;
    }
    long magnitude = Math.abs(scaled);
    long whole = magnitude / unit;
    int length = digits(whole) + (decimals > 0 ? decimals + 1 : 0) + (scaled < 0 ? 1 : 0);
    pad(b, width - length);
    if (scaled < 0) {
      b.append('-');
    }
    b.append(whole);
    if (decimals > 0) {
      b.append('.');
      long fraction = magnitude % unit;
      for (long d = unit / 10; d > 1 && fraction < d; d /= 10) {
        b.append('0');
      }
      b.append(fraction);
    }
  }

  private static int digits(long v) {
    int n = 1;
    while (v >= 10) {
      v /= 10;
      n++;
    }
    return n;
  }

  static void errnos(StringBuilder b, SyscallBeautifier beautifier, Map<Integer, Long> errnos) {
    for (Map.Entry<Integer, Long> en : errnos.entrySet()) {
      String name = beautifier.errnoName(en.getKey());
      b.append("\t\t\t\t")
          .append(name != null ? name : "errno " + en.getKey())
          .append(": ")
          .append(en.getValue())
          .append('\n');
    }
  }
}
