package dev.jtrace.tracer.output;

import static com.google.common.truth.Truth.assertThat;

import dev.jtrace.beauty.Arch;
import dev.jtrace.beauty.SyscallBeautifier;
import dev.jtrace.tracer.event.SyscallEnter;
import dev.jtrace.tracer.event.SyscallEvent;
import dev.jtrace.tracer.options.TraceOptions;
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

  /** A call of thread tid of process pid, in cgroup (0: none). */
  private static void call(
      SummaryCollector s, int pid, int tid, long cgroup, int nr, long durNs, long ret) {
    long[] a = new long[6];
    s.entered(new SyscallEnter(0, 0, pid, tid, nr, a, null, 0, false, null, cgroup));
    s.completed(
        new SyscallEvent(
            0,
            durNs,
            pid,
            tid,
            0,
            nr,
            a,
            ret,
            SyscallEvent.Completion.COMPLETE,
            false,
            null,
            cgroup));
  }

  @Test
  void processTotalAndCgroupModesSumTheThreadsRows() throws Exception {
    SummaryCollector s = new SummaryCollector();
    call(s, 7, 7, 100, 0, 1_000_000, 0); // process 7: threads 7 and 9, cgroup 100
    call(s, 7, 9, 100, 0, 3_000_000, -2);
    call(s, 8, 8, 200, 0, 500_000, 0); // process 8, cgroup 200

    s.groupBy(TraceOptions.SummaryMode.PROCESS);
    List<String> lines = print(s);
    assertThat(lines).contains(" seven (7), 4 events, 66.7%"); // named by its leader
    assertThat(lines).contains(" :8 (8), 2 events, 33.3%");
    // the two threads' reads in one row: 2 calls, 1 error, 4 ms, min 1, avg 2, max 3
    assertThat(lines).contains(row(B.name(0), 2, 1, 4.0, 1.0, 2.0, 3.0, 50.0));

    s.groupBy(TraceOptions.SummaryMode.TOTAL);
    lines = print(s);
    assertThat(lines).contains(" total, 6 events, 100.0%");
    assertThat(lines).contains(row(B.name(0), 3, 1, 4.5, 0.5, 1.5, 3.0, 50.92));

    s.groupBy(TraceOptions.SummaryMode.CGROUP);
    lines = print(s);
    assertThat(lines.stream().filter(l -> l.endsWith("(100), 4 events, 66.7%"))).hasSize(1);
    assertThat(lines.stream().filter(l -> l.endsWith("(200), 2 events, 33.3%"))).hasSize(1);
  }

  private static List<String> print(SummaryCollector s) throws java.io.IOException {
    StringWriter w = new StringWriter();
    s.print(w, B, tid -> tid == 7 ? "seven" : null, false);
    return w.toString().lines().toList();
  }
}
