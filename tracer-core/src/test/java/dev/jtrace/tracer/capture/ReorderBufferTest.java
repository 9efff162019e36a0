package dev.jtrace.tracer.capture;

import static com.google.common.truth.Truth.assertThat;

import dev.jtrace.tracer.event.SyscallEnter;
import dev.jtrace.tracer.event.SyscallExit;
import dev.jtrace.tracer.event.TraceRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
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

  /** References decode to an entry whose time is the reference itself, on cpu 9. */
  private static ReorderBuffer withRefs(List<Long> decoded) {
    return new ReorderBuffer(
        (ref, out) -> {
          decoded.add(ref);
          out.accept(enter(ref, 9));
        });
  }

  @Test
  void referencesMergeWithRecordsInTimeOrderAndDecodeOnlyWhenEmitted() {
    List<Long> decoded = new ArrayList<>();
    ReorderBuffer b = withRefs(decoded);
    // mostly in order, with calls that began before shorter ones that ended first
    long[] keys = {10, 20, 15, 30, 40, 5, 50, 45, 60, 35};
    for (long k : keys) {
      b.addRef(k, k);
    }
    b.add(enter(12, 0));
    b.add(enter(42, 1));
    List<Long> out = new ArrayList<>();
    b.flushUpTo(30, r -> out.add(r.time()));
    assertThat(out).containsExactly(5L, 10L, 12L, 15L, 20L, 30L).inOrder();
    assertThat(decoded).containsExactly(5L, 10L, 15L, 20L, 30L);
    assertThat(b.size()).isEqualTo(6);
    b.addRef(33, 33); // late for the run's order: into the heap, still in its place
    b.flushAll(r -> out.add(r.time()));
    assertThat(out)
        .containsExactly(5L, 10L, 12L, 15L, 20L, 30L, 33L, 35L, 40L, 42L, 45L, 50L, 60L)
        .inOrder();
    assertThat(b.size()).isEqualTo(0);
  }

  @Test
  void manyReferencesOutOfOrderComeOutSorted() {
    List<Long> decoded = new ArrayList<>();
    ReorderBuffer b = withRefs(decoded);
    Random random = new Random(7);
    List<Long> keys = new ArrayList<>();
    for (int i = 0; i < 20_000; i++) {
      long k = i * 10L + (i % 3 == 0 ? -random.nextInt(5_000) : 0); // a third began earlier
      keys.add(k);
      b.addRef(k, k);
    }
    List<Long> out = new ArrayList<>();
    b.flushAll(r -> out.add(r.time()));
    assertThat(out).isInOrder();
    assertThat(out).containsExactlyElementsIn(keys);
  }

  @Test
  void flushingTheOldestEarlyMovesTheOrderLimit() {
    List<Long> decoded = new ArrayList<>();
    ReorderBuffer b = withRefs(decoded);
    for (long k = 1; k <= 10; k++) {
      b.addRef(k * 10, k * 10);
    }
    List<Long> out = new ArrayList<>();
    b.flushOldest(r -> out.add(r.time()), () -> out.size() < 4);
    assertThat(out).containsExactly(10L, 20L, 30L, 40L).inOrder();
    assertThat(b.flushedUpTo()).isEqualTo(40L); // a record at 35 arriving now is late
    assertThat(b.size()).isEqualTo(6);
  }
}
