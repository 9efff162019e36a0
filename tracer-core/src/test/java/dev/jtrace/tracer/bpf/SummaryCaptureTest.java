package dev.jtrace.tracer.bpf;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jtrace.beauty.Arch;
import dev.jtrace.beauty.SyscallBeautifier;
import dev.jtrace.tracer.perf.NativeCalls;
import dev.jtrace.tracer.perf.PerfException;
import dev.jtrace.tracer.perf.Tracefs;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The summary programs in the real kernel: this thread's own calls, made a known number of times
 * between start and stop, are summed exactly; a full stats map counts what it could not keep.
 */
class SummaryCaptureTest {
  private static final SyscallBeautifier HOST = SyscallBeautifier.forArch(Arch.host());
  private static final int GETTID = HOST.number("gettid");
  private static final int CLOSE = HOST.number("close");
  private static final int EBADF = 9;

  private static Tracefs tracefs() {
    assumeTrue(
        "root".equals(System.getProperty("user.name")), "needs root for BPF and tracepoints");
    try {
      return Tracefs.locate();
    } catch (PerfException e) {
      assumeTrue(false, "no tracefs: " + e.getMessage());
      return null;
    }
  }

  /** What read() handed over. */
  private static final class Collected implements SummaryCapture.Visitor {
    final List<SummaryCapture.ThreadInfo> threads = new ArrayList<>();
    final List<SummaryCapture.Stats> stats = new ArrayList<>();
    final List<SummaryCapture.ErrnoCount> errnos = new ArrayList<>();

    @Override
    public void thread(SummaryCapture.ThreadInfo t) {
      threads.add(t);
    }

    @Override
    public void stats(SummaryCapture.Stats s) {
      stats.add(s);
    }

    @Override
    public void errno(SummaryCapture.ErrnoCount e) {
      errnos.add(e);
    }

    SummaryCapture.Stats of(int tid, int key) {
      return stats.stream()
          .filter(s -> s.tid() == tid && s.syscallKey() == key)
          .findFirst()
          .orElseThrow(() -> new AssertionError("no stats of " + key + " in " + stats));
    }
  }

  @Test
  void loadsSystemWideWithEverything() throws Exception {
    SummaryCapture.Settings s =
        SummaryCapture.builder()
            .allTasks(true)
            .histogram(true)
            .errnos(true)
            .compatStatus(-1)
            .captured(nr -> nr == GETTID)
            .build();
    try (SummaryCapture c = SummaryCapture.open(tracefs(), s)) {
      assertThat(c.counters().any()).isFalse();
    }
  }

  @Test
  void sumsThisThreadsCallsExactly() throws Exception {
    SummaryCapture.Settings s =
        SummaryCapture.builder().histogram(true).errnos(true).execveNr(-1).build();
    int tid = NativeCalls.gettid();
    Collected got = new Collected();
    try (SummaryCapture c = SummaryCapture.open(tracefs(), s)) {
      c.trace(tid);
      c.start();
      for (int i = 0; i < 1000; i++) {
        NativeCalls.gettid();
      }
      for (int i = 0; i < 10; i++) {
        NativeCalls.close(-1);
      }
      c.stop();
      c.read(got);
      assertThat(c.counters().any()).isFalse();
    }
    SummaryCapture.Stats gettid = got.of(tid, GETTID);
    assertThat(gettid.calls()).isEqualTo(1000);
    assertThat(gettid.errors()).isEqualTo(0);
    assertThat(gettid.minNs()).isAtMost(gettid.maxNs());
    assertThat(gettid.totalNs()).isAtLeast(gettid.maxNs());
    assertThat(Arrays.stream(gettid.histogram()).sum()).isEqualTo(1000);
    // the 10 failed closes, and stop()'s first close (its return still seen)
    SummaryCapture.Stats close = got.of(tid, CLOSE);
    assertThat(close.errors()).isEqualTo(10);
    assertThat(close.calls()).isEqualTo(11);
    assertThat(got.errnos)
        .containsExactly(new SummaryCapture.ErrnoCount(tid, gettid.startTime(), CLOSE, EBADF, 10));
    SummaryCapture.ThreadInfo me =
        got.threads.stream().filter(t -> t.tid() == tid).findFirst().orElseThrow();
    assertThat(me.pid()).isEqualTo(ProcessHandle.current().pid());
    assertThat(me.startTime()).isGreaterThan(0L);
    assertThat(me.cgroupId()).isGreaterThan(0L);
  }

  @Test
  void aFullStatsMapCountsTheCallsItCouldNotKeep() throws Exception {
    // room for one (thread, syscall): gettid's goes in first, close's calls find the map full
    SummaryCapture.Settings s = SummaryCapture.builder().maxEntries(1).execveNr(-1).build();
    int tid = NativeCalls.gettid();
    Collected got = new Collected();
    SummaryCapture.Counters counters;
    try (SummaryCapture c = SummaryCapture.open(tracefs(), s)) {
      c.trace(tid);
      c.start();
      NativeCalls.gettid(); // attaching's bpf() return came first: warm the entry order
      for (int i = 0; i < 5; i++) {
        NativeCalls.close(-1);
      }
      c.stop();
      c.read(got);
      counters = c.counters();
    }
    assertThat(got.stats).hasSize(1);
    long summed = got.stats.getFirst().calls();
    // every call is either summed or counted as not summed: 1 bpf + 1 gettid + 5 close + 1 close
    assertThat(summed + counters.unsummedCalls()).isEqualTo(8);
    assertThat(counters.unsummedCalls()).isAtLeast(6);
  }
}
