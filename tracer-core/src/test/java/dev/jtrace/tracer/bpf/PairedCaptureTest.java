package dev.jtrace.tracer.bpf;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jtrace.beauty.Arch;
import dev.jtrace.beauty.SyscallBeautifier;
import dev.jtrace.beauty.content.CapturePhase;
import dev.jtrace.beauty.content.ContentKind;
import dev.jtrace.beauty.content.ContentSpec;
import dev.jtrace.perfdata.tracing.SyscallFields;
import dev.jtrace.tracer.perf.NativeCalls;
import dev.jtrace.tracer.perf.PerfException;
import dev.jtrace.tracer.perf.Tracefs;
import java.io.FileOutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** Loads the paired capture's programs into the real kernel, one test per program shape. */
class PairedCaptureTest {
  private static final ContentSpec PATH = ContentSpec.builder(1, ContentKind.STRING).build();
  private static final ContentSpec WRITTEN =
      ContentSpec.builder(1, ContentKind.BYTES).lengthFromArg(2).build();
  private static final ContentSpec READ =
      ContentSpec.builder(1, ContentKind.BYTES).lengthFromReturn().build();
  private static final ContentSpec STAT =
      ContentSpec.builder(1, ContentKind.BYTES)
          .phase(CapturePhase.EXIT)
          .elementSize(144)
          .type("stat")
          .build();
  private static final ContentSpec ADDR =
      ContentSpec.builder(1, ContentKind.BYTES)
          .phase(CapturePhase.EXIT)
          .lengthFromPointee(2)
          .type("sockaddr")
          .build();

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

  private static PairedCapture open(Map<Integer, List<ContentSpec>> specs, boolean all, int compat)
      throws PerfException {
    ContentPlan plan = new ContentPlan(nr -> true, specs, 32);
    return PairedCapture.open(
        tracefs(), plan, new PairedCapture.Settings(Arch.host(), all, true, 1 << 16, 0, compat));
  }

  @Test
  void loadsWithoutContents() throws Exception {
    try (PairedCapture c = open(Map.of(), false, -1)) {
      assertThat(c.recordSize()).isEqualTo(PairedLayout.HEADER);
    }
  }

  @Test
  void loadsEveryContentShapeSystemWide() throws Exception {
    try (PairedCapture c =
        open(
            Map.of(
                257, List.of(PATH),
                1, List.of(WRITTEN),
                0, List.of(READ),
                5, List.of(STAT),
                51, List.of(ADDR),
                82, List.of(PATH, ContentSpec.builder(3, ContentKind.STRING).build())),
            true,
            -1)) {
      assertThat(c.recordSize()).isGreaterThan(2 * ContentPlan.MAX_STRING);
    }
  }

  @Test
  void loadsTheWholeGeneratedPlanOfTheHostArchAndI386sWithTheCompatFlag() throws Exception {
    Map<Integer, List<ContentSpec>> specs =
        ContentPlan.generated(SyscallBeautifier.forArch(Arch.host()), nr -> true);
    assertThat(specs.size()).isGreaterThan(100);
    ContentPlan plan = new ContentPlan(nr -> true, specs, 32);
    if (Arch.host() == Arch.X86_64) {
      plan =
          plan.withCompat(ContentPlan.generated(SyscallBeautifier.forArch(Arch.I386), nr -> true));
      assertThat(plan.compatSpecs().size()).isGreaterThan(100);
    }
    try (PairedCapture c =
        PairedCapture.open(
            tracefs(), plan, new PairedCapture.Settings(Arch.host(), true, true, 1 << 16, 0, 0))) {
      assertThat(c.plan().specs().size()).isGreaterThan(100);
    }
  }

  @Test
  void loadsWithTheCompatFlag() throws Exception {
    // any offset loads: the flag is read with bpf_probe_read_kernel
    try (PairedCapture c = open(Map.of(257, List.of(PATH)), false, 0)) {
      assertThat(c.recordSize()).isGreaterThan(PairedLayout.HEADER);
    }
  }

  @Test
  void pairsACallOfThisThreadIntoOneRecord() throws Exception {
    try (PairedCapture c = open(Map.of(39, List.of()), false, -1);
        Arena arena = Arena.ofConfined()) {
      int tid = NativeCalls.gettid();
      c.trace(tid);
      c.start();
      for (int i = 0; i < 3; i++) {
        NativeCalls.gettid();
      }
      c.stop();
      MemorySegment copy = arena.allocate(c.ring().dataBytes(), 8);
      long n = c.ring().copyAvailable(copy);
      int[] gettids = new int[1];
      BpfRing.forEachRecord(
          copy,
          n,
          (s, off, len) -> {
            if (s.get(ValueLayout.JAVA_INT, off + PairedLayout.NR) == 186
                && s.get(ValueLayout.JAVA_INT, off + PairedLayout.TID) == tid) {
              assertThat(s.get(ValueLayout.JAVA_LONG, off + PairedLayout.RET)).isEqualTo(tid);
              assertThat(s.get(ValueLayout.JAVA_LONG, off + PairedLayout.EXIT_TIME))
                  .isAtLeast(s.get(ValueLayout.JAVA_LONG, off + PairedLayout.ENTER_TIME));
              gettids[0]++;
            }
          });
      assertThat(gettids[0]).isAtLeast(3);
      assertThat(c.lostCalls()).isEqualTo(0);
    }
  }

  private static PairedCapture.SyscallEvents events(Tracefs tracefs, int nr, String name)
      throws PerfException {
    return new PairedCapture.SyscallEvents(
        nr,
        name,
        tracefs.eventId("syscalls", "sys_enter_" + name),
        tracefs.eventId("syscalls", "sys_exit_" + name),
        SyscallFields.of(tracefs.format("syscalls", "sys_enter_" + name).orElseThrow()).argCount());
  }

  @Test
  void onTheSyscallsOwnTracepointsPairsOnlyTheSelectedCallsWithTheirContents() throws Exception {
    assumeTrue(Arch.host() == Arch.X86_64, "x86_64's numbers");
    Tracefs tracefs = tracefs();
    ContentPlan plan = new ContentPlan(nr -> nr == 1 || nr == 186, Map.of(1, List.of(WRITTEN)), 32);
    byte[] marker = "jtrace-tp-marker".getBytes(StandardCharsets.US_ASCII);
    try (PairedCapture c =
            PairedCapture.onSyscallTracepoints(
                tracefs,
                plan,
                new PairedCapture.Settings(Arch.host(), false, true, 1 << 16, 0, -1),
                CallFilter.NONE,
                List.of(events(tracefs, 1, "write"), events(tracefs, 186, "gettid")));
        FileOutputStream devNull = new FileOutputStream("/dev/null");
        Arena arena = Arena.ofConfined()) {
      int tid = NativeCalls.gettid();
      c.trace(tid);
      c.start();
      assertThat(c.linkKinds())
          .containsExactly(
              "tracepoint syscalls:sys_enter_write",
              "tracepoint syscalls:sys_exit_write",
              "tracepoint syscalls:sys_enter_gettid",
              "tracepoint syscalls:sys_exit_gettid");
      NativeCalls.gettid();
      devNull.write(marker); // write(2) on this thread
      NativeCalls.kill((int) ProcessHandle.current().pid(), 0); // not selected: nothing runs
      c.stop();
      // stopped: the events stay open (closing them is slow) but the programs capture no more
      byte[] afterStop = "after stop, 23 bytes...".getBytes(StandardCharsets.US_ASCII);
      devNull.write(afterStop);
      MemorySegment copy = arena.allocate(c.ring().dataBytes(), 8);
      long n = c.ring().copyAvailable(copy);
      List<Integer> numbers = new ArrayList<>();
      boolean[] written = new boolean[1];
      boolean[] writtenAfterStop = new boolean[1];
      BpfRing.forEachRecord(
          copy,
          n,
          (s, off, len) -> {
            if (s.get(ValueLayout.JAVA_INT, off + PairedLayout.TID) != tid) {
              return;
            }
            int nr = s.get(ValueLayout.JAVA_INT, off + PairedLayout.NR);
            numbers.add(nr);
            if (nr == 1
                && s.get(ValueLayout.JAVA_LONG, off + PairedLayout.ARGS + 16) == marker.length) {
              assertThat(s.get(ValueLayout.JAVA_LONG, off + PairedLayout.RET))
                  .isEqualTo(marker.length);
              byte[] record = s.asSlice(off, len).toArray(ValueLayout.JAVA_BYTE);
              written[0] |= indexOf(record, marker) >= PairedLayout.HEADER;
            }
            writtenAfterStop[0] |=
                nr == 1
                    && s.get(ValueLayout.JAVA_LONG, off + PairedLayout.ARGS + 16)
                        == afterStop.length;
          });
      assertThat(writtenAfterStop[0]).isFalse();
      assertThat(numbers).contains(186);
      assertThat(numbers).doesNotContain(62);
      assertThat(numbers.stream().allMatch(nr -> nr == 1 || nr == 186)).isTrue();
      assertThat(written[0]).isTrue();
      assertThat(c.lostCalls()).isEqualTo(0);
    }
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  @Test
  void copiesTheCallsInFlightAcrossSeveralChunks() throws Exception {
    int threads = 12;
    CountDownLatch tidsKnown = new CountDownLatch(threads);
    CountDownLatch traced = new CountDownLatch(1);
    Set<Integer> tids = ConcurrentHashMap.newKeySet();
    List<Thread> sleepers = new ArrayList<>();
    for (int i = 0; i < threads; i++) {
      Thread t =
          Thread.ofPlatform()
              .daemon()
              .start(
                  () -> {
                    tids.add(NativeCalls.gettid());
                    tidsKnown.countDown();
                    try {
                      traced.await();
                      Thread.sleep(30_000); // in flight until interrupted
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    }
                  });
      sleepers.add(t);
    }
    try (PairedCapture c = open(Map.of(), false, -1);
        Arena arena = Arena.ofConfined()) {
      tidsKnown.await();
      for (int tid : tids) {
        c.trace(tid);
      }
      c.start();
      traced.countDown();
      Thread.sleep(300); // the sleepers enter their sleep
      // room for two records a copy: the map's dozen calls in flight take several copies
      MemorySegment dst = arena.allocate(2 * BpfRing.framedSize(PairedLayout.HEADER), 8);
      Set<Integer> inFlight = new HashSet<>();
      boolean resume = false;
      for (int copies = 0; copies < 100; copies++) {
        long n = c.copyInFlight(dst, resume);
        BpfRing.forEachRecord(
            dst,
            n,
            (s, off, len) -> inFlight.add(s.get(ValueLayout.JAVA_INT, off + PairedLayout.TID)));
        resume = true;
        if (!c.inFlightLeft()) {
          break;
        }
      }
      assertThat(inFlight).containsAtLeastElementsIn(tids);
    } finally {
      sleepers.forEach(Thread::interrupt);
    }
  }
}
