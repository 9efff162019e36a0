package dev.jtrace.tracer.output;

import dev.jtrace.beauty.SyscallBeautifier;
import java.util.Locale;
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
    b.append(
        String.format(
            Locale.ROOT,
            "   %-15s %8d %6d %9.3f %9.3f %9.3f %9.3f %9.2f%%\n",
            name,
            calls,
            errors,
            totalNs / 1e6,
            minNs / 1e6,
            avgNs / 1e6,
            maxNs / 1e6,
            stddevPercent));
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
