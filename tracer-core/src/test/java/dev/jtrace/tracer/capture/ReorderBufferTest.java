package dev.jtrace.tracer.capture;

import static com.google.common.truth.Truth.assertThat;

import dev.jtrace.tracer.event.SyscallEnter;
import dev.jtrace.tracer.event.SyscallExit;
import dev.jtrace.tracer.event.TraceRecord;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReorderBufferTest {
  private static TraceRecord enter(long time, int cpu) {
    return new SyscallEnter(time, cpu, 1, 1, 0, new long[6]);
  }

  @Test
  void mergesCpuStreamsByTime() {
    ReorderBuffer b = new ReorderBuffer();
    // cpu 0's ring read first, then cpu 1's: interleaved in time.
    for (long t : new long[] {10, 30, 50}) {
      b.add(enter(t, 0));
    }
    for (long t : new long[] {20, 40, 60}) {
      b.add(enter(t, 1));
    }
    List<Long> out = new ArrayList<>();
    b.flushAll(r -> out.add(r.time()));
    assertThat(out).containsExactly(10L, 20L, 30L, 40L, 50L, 60L).inOrder();
  }

  @Test
  void holdsRecordsAfterTheLimit() {
    ReorderBuffer b = new ReorderBuffer();
    b.add(enter(10, 0));
    b.add(enter(35, 1));
    b.add(enter(20, 1));
    List<Long> out = new ArrayList<>();
    b.flushUpTo(30, r -> out.add(r.time()));
    assertThat(out).containsExactly(10L, 20L).inOrder();
    assertThat(b.size()).isEqualTo(1);
    b.add(enter(31, 0));
    b.flushAll(r -> out.add(r.time()));
    assertThat(out).containsExactly(10L, 20L, 31L, 35L).inOrder();
  }

  @Test
  void equalTimesKeepArrivalOrder() {
    ReorderBuffer b = new ReorderBuffer();
    TraceRecord first = enter(5, 0);
    TraceRecord second = new SyscallExit(5, 0, 1, 1, 0, 0, null);
    b.add(first);
    b.add(second);
    List<TraceRecord> out = new ArrayList<>();
    b.flushAll(out::add);
    assertThat(out).containsExactly(first, second).inOrder();
  }
}
