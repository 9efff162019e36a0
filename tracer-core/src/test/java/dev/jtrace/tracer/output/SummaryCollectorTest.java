package dev.jtrace.tracer.output;

import static com.google.common.truth.Truth.assertThat;

import dev.jtrace.beauty.Arch;
import dev.jtrace.beauty.SyscallBeautifier;
import dev.jtrace.tracer.event.SyscallEnter;
import dev.jtrace.tracer.event.SyscallEvent;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class SummaryCollectorTest {
  private static final SyscallBeautifier B = SyscallBeautifier.forArch(Arch.X86_64);

  private static void call(SummaryCollector s, int tid, int nr, long durNs, long ret) {
    long[] a = new long[6];
    s.entered(new SyscallEnter(0, 0, tid, tid, nr, a));
    s.completed(
        new SyscallEvent(0, durNs, tid, tid, 0, nr, a, ret, SyscallEvent.Completion.COMPLETE));
  }

  private static String row(
      String name,
      int calls,
      int errors,
      double totalMs,
      double minMs,
      double avgMs,
      double maxMs,
      double stddevPercent) {
    return String.format(
        Locale.ROOT,
        "   %-15s %8d %6d %9.3f %9.3f %9.3f %9.3f %9.2f%%",
        name,
        calls,
        errors,
        totalMs,
        minMs,
        avgMs,
        maxMs,
        stddevPercent);
  }

  @Test
  void perThreadTableWithPerfsColumns() throws Exception {
    SummaryCollector s = new SummaryCollector();
    call(s, 7, 0, 1_000_000, 0);
    call(s, 7, 0, 3_000_000, -2);
    call(s, 7, 3, 500_000, 0);
    call(s, 8, 3, 100_000, 0);
    StringWriter w = new StringWriter();
    s.print(w, B, tid -> tid == 7 ? "seven" : null, true);
    List<String> tableHead =
        List.of(
            "   syscall            calls  errors  total       min       avg       max       stddev",
            "                                     (msec)    (msec)    (msec)    (msec)        (%)",
            "   --------------- --------  ------ -------- --------- --------- ---------    "
                + " ------");
    List<String> expected = new ArrayList<>(List.of("", " Summary of events:", ""));
    // fewest events first, as perf sorts threads
    expected.addAll(List.of(" :8 (8), 2 events, 25.0%", ""));
    expected.addAll(tableHead);
    expected.add(row(B.name(3), 1, 0, 0.1, 0.1, 0.1, 0.1, 0.0));
    expected.addAll(List.of("", " seven (7), 6 events, 75.0%", ""));
    expected.addAll(tableHead);
    // sorted by total time: read (4 ms) before close (0.5 ms); the errno breakdown follows its row
    expected.add(row(B.name(0), 2, 1, 4.0, 1.0, 2.0, 3.0, 50.0));
    expected.add("\t\t\t\tENOENT: 1");
    expected.add(row(B.name(3), 1, 0, 0.5, 0.5, 0.5, 0.5, 0.0));
    expected.add("");
    assertThat(w.toString().lines().toList()).containsExactlyElementsIn(expected).inOrder();
    assertThat(s.calls(7, 0)).isEqualTo(2);
    assertThat(s.errors(7, 0)).isEqualTo(1);
  }
}
