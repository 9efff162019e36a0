package dev.jtrace.tracer.output;

import static com.google.common.truth.Truth.assertThat;

import dev.jtrace.beauty.Arch;
import dev.jtrace.beauty.SyscallBeautifier;
import dev.jtrace.tracer.event.SyscallEnter;
import dev.jtrace.tracer.event.SyscallEvent;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class SummaryCollectorTest {
  private static final SyscallBeautifier B = SyscallBeautifier.forArch(Arch.X86_64);

  private static void call(SummaryCollector s, int tid, int nr, long durNs, long ret) {
    long[] a = new long[6];
    s.entered(new SyscallEnter(0, 0, tid, tid, nr, a));
    s.completed(new SyscallEvent(0, durNs, tid, tid, 0, nr, a, ret, SyscallEvent.Completion.COMPLETE));
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
    List<String> l = w.toString().lines().toList();
    assertThat(l).contains(" Summary of events:");
    // fewest events first, as perf sorts threads
    assertThat(l.indexOf(" :8 (8), 2 events, 25.0%")).isLessThan(l.indexOf(" seven (7), 6 events, 75.0%"));
    String row = String.format("   %-15s %8d %6d %9.3f %9.3f %9.3f %9.3f %9.2f%%", B.name(0), 2, 1, 4.0,
        1.0, 2.0, 3.0, 50.0);
    assertThat(l).contains(row);
    // the errno breakdown follows its row
    assertThat(l.get(l.indexOf(row) + 1)).startsWith("\t\t\t\t");
    assertThat(l.get(l.indexOf(row) + 1)).endsWith(": 1");
    // sorted by total time: read (4 ms) before close (0.5 ms)
    assertThat(l.get(l.indexOf(row) + 2)).startsWith("   " + B.name(3) + " ");
    assertThat(s.calls(7, 0)).isEqualTo(2);
    assertThat(s.errors(7, 0)).isEqualTo(1);
  }
}
