package dev.jtrace.tracer.session;

import static com.google.common.truth.Truth.assertThat;

import dev.jtrace.beauty.Arch;
import dev.jtrace.perf.abi.RecordLayout;
import dev.jtrace.perf.abi.RecordType;
import dev.jtrace.tracer.event.SyscallTracepoints;
import dev.jtrace.tracer.perf.TracerAttr;
import dev.jtrace.tracer.state.FdSyscalls;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The scanner hands each new fd's path to the exact return it came from. */
class NewFdScannerTest {
  private static final int ENTER = 1;
  private static final int EXIT = 2;
  private static final int OPENAT = 257;
  private static final int CLOSE = 3;
  private static final int EXIT_SIZE = 72;
  private static final int ENTER_SIZE = 112;
  private static final int LOST_SIZE = 24;

  @Test
  void tidsAboveAMillionDoNotShareAKeyWithALaterTimeOfASmallTid() {
    SyscallTracepoints tracepoints = new SyscallTracepoints();
    tracepoints.addRaw(ENTER, EXIT);
    FdSyscalls syscalls =
        FdSyscalls.resolve(Arch.X86_64, name -> name.equals("openat") ? OPENAT : -1);
    NewFdScanner scanner =
        new NewFdScanner(tracepoints, syscalls, (pid, fd) -> "/proc/" + pid + "/fd/" + fd);
    long t = 5_000_000_000L;
    int bigTid = 1_000_008; // pid_max allows up to 4194304
    MemorySegment ring = Arena.ofAuto().allocate(2 * EXIT_SIZE, 8);
    openatReturn(ring, 0, 5, t + 1, 3);
    openatReturn(ring, EXIT_SIZE, bigTid, t, 4);

    scanner.scan(List.of(ring), List.of(2L * EXIT_SIZE));

    assertThat(scanner.take(5, t + 1)).isEqualTo("/proc/5/fd/3");
    assertThat(scanner.take(bigTid, t)).isEqualTo("/proc/" + bigTid + "/fd/4");
  }

  @Test
  void anFdClosedLaterInTheRoundStaysUnnamedForEveryProcess() {
    SyscallTracepoints tracepoints = new SyscallTracepoints();
    tracepoints.addRaw(ENTER, EXIT);
    FdSyscalls syscalls =
        FdSyscalls.resolve(
            Arch.X86_64,
            name -> name.equals("openat") ? OPENAT : name.equals("close") ? CLOSE : -1);
    NewFdScanner scanner =
        new NewFdScanner(tracepoints, syscalls, (pid, fd) -> "/proc/" + pid + "/fd/" + fd);
    int processes = 300; // more than the scanner's first table holds
    MemorySegment ring = Arena.ofAuto().allocate((long) processes * (EXIT_SIZE + ENTER_SIZE), 8);
    long o = 0;
    for (int pid = 1000; pid < 1000 + processes; pid++) {
      long t = 1_000_000L * pid;
      openatReturn(ring, o, pid, t, 3);
      o += EXIT_SIZE;
      if (pid % 2 == 1) {
        sample(ring, o, ENTER_SIZE, ENTER, CLOSE, pid, t + 10, 3); // /proc would show a later file
        o += ENTER_SIZE;
      }
    }

    scanner.scan(List.of(ring), List.of(o));

    for (int pid = 1000; pid < 1000 + processes; pid++) {
      assertThat(scanner.take(pid, 1_000_000L * pid))
          .isEqualTo(pid % 2 == 1 ? null : "/proc/" + pid + "/fd/3");
    }
  }

  @Test
  void afterALossOpenFdsAreReadFromProcAndThoseChangedDuringTheScanStayUnknown() {
    SyscallTracepoints tracepoints = new SyscallTracepoints();
    tracepoints.addRaw(ENTER, EXIT);
    FdSyscalls syscalls =
        FdSyscalls.resolve(
            Arch.X86_64,
            name -> name.equals("openat") ? OPENAT : name.equals("close") ? CLOSE : -1);
    NewFdScanner scanner = new NewFdScanner(tracepoints, syscalls, (pid, fd) -> "/named/" + fd);
    int self = (int) ProcessHandle.current().pid(); // a live process: its /proc/PID/fd is real
    long before = System.nanoTime();
    MemorySegment lossRound = Arena.ofAuto().allocate(LOST_SIZE + EXIT_SIZE, 8);
    lossRound.set(ValueLayout.JAVA_LONG_UNALIGNED, 0, RecordType.LOST | ((long) LOST_SIZE << 48));
    openatReturn(lossRound, LOST_SIZE, self, before, 1);
    // the scan is taken now, but handed over only after the next round has been checked
    assertThat(scanner.scan(List.of(lossRound), List.of((long) LOST_SIZE + EXIT_SIZE))).isNull();

    MemorySegment next = Arena.ofAuto().allocate(ENTER_SIZE, 8);
    sample(next, 0, ENTER_SIZE, ENTER, CLOSE, self, System.nanoTime(), 2); // during or after it
    NewFdScanner.Relearned r = scanner.scan(List.of(next), List.of((long) ENTER_SIZE));

    assertThat(r).isNotNull();
    assertThat(r.time()).isAtLeast(before);
    Map<Integer, String> fds = r.fdsByPid().get(self);
    assertThat(fds.values()).contains("/named/1"); // stdout, named through the link reader
    assertThat(fds).containsKey(2);
    assertThat(fds.get(2)).isNull(); // closed after the scan began: /proc may show either
  }

  @Test
  void aScanFollowedByDropsThatEndAfterItIsNotHandedOver() throws InterruptedException {
    SyscallTracepoints tracepoints = new SyscallTracepoints();
    tracepoints.addRaw(ENTER, EXIT);
    FdSyscalls syscalls =
        FdSyscalls.resolve(Arch.X86_64, name -> name.equals("openat") ? OPENAT : -1);
    NewFdScanner scanner = new NewFdScanner(tracepoints, syscalls, (pid, fd) -> "/named/" + fd);
    int self = (int) ProcessHandle.current().pid();
    int lostSize = LOST_SIZE + TracerAttr.LAYOUT.trailerSize();
    MemorySegment lossRound = Arena.ofAuto().allocate(lostSize + EXIT_SIZE, 8);
    lost(lossRound.asSlice(0, lostSize), System.nanoTime());
    openatReturn(lossRound, lostSize, self, System.nanoTime(), 5);
    assertThat(scanner.scan(List.of(lossRound), List.of((long) lostSize + EXIT_SIZE))).isNull();

    // the next round counts drops that went on after the scan: a dup2 onto an fd the scan named
    // may be among them, so the scan's names are not applied (a new scan is taken instead)
    Thread.sleep(NewFdScanner.RELEARN_EVERY_NS / 1_000_000 + 10); // so this round scans again
    MemorySegment next = Arena.ofAuto().allocate(lostSize + EXIT_SIZE, 8);
    lost(next.asSlice(0, lostSize), System.nanoTime());
    openatReturn(next, lostSize, self, System.nanoTime(), 6); // self is active: scanned again
    assertThat(scanner.scan(List.of(next), List.of((long) lostSize + EXIT_SIZE))).isNull();

    // a round without drops hands the latest scan over
    MemorySegment quiet = Arena.ofAuto().allocate(EXIT_SIZE, 8);
    openatReturn(quiet, 0, self, System.nanoTime(), 7);
    assertThat(scanner.scan(List.of(quiet), List.of((long) EXIT_SIZE))).isNotNull();
  }

  /** A LOST record with its sample_id trailer, written at time. */
  private static void lost(MemorySegment s, long time) {
    int size = (int) s.byteSize();
    s.set(ValueLayout.JAVA_LONG_UNALIGNED, 0, RecordType.LOST | ((long) size << 48));
    s.set(ValueLayout.JAVA_LONG_UNALIGNED, 16, 10);
    s.set(ValueLayout.JAVA_LONG_UNALIGNED, size - TracerAttr.LAYOUT.trailerTimeFromEnd(), time);
  }

  /**
   * A raw_syscalls:sys_exit sample of openat returning fd, laid out as the kernel writes the
   * tracer's.
   */
  private static void openatReturn(MemorySegment s, long o, int tid, long time, long fd) {
    sample(s, o, EXIT_SIZE, EXIT, OPENAT, tid, time, fd);
  }

  /** A raw_syscalls sample whose first argument (enter) or return value (exit) is arg. */
  private static void sample(
      MemorySegment s, long o, int size, int type, int nr, int tid, long time, long arg) {
    RecordLayout l = TracerAttr.LAYOUT;
    s.set(ValueLayout.JAVA_LONG_UNALIGNED, o, RecordType.SAMPLE | ((long) size << 48));
    s.set(ValueLayout.JAVA_INT_UNALIGNED, o + l.samplePid(), tid);
    s.set(ValueLayout.JAVA_INT_UNALIGNED, o + l.sampleTid(), tid);
    s.set(ValueLayout.JAVA_LONG_UNALIGNED, o + l.sampleTime(), time);
    s.set(ValueLayout.JAVA_INT_UNALIGNED, o + l.sampleRawSize(), size - l.sampleRaw());
    long raw = o + l.sampleRaw();
    s.set(ValueLayout.JAVA_SHORT_UNALIGNED, raw + SyscallTracepoints.RAW_COMMON_TYPE, (short) type);
    s.set(ValueLayout.JAVA_LONG_UNALIGNED, raw + SyscallTracepoints.RAW_NR, nr);
    s.set(ValueLayout.JAVA_LONG_UNALIGNED, raw + SyscallTracepoints.RAW_ARGS, arg);
  }
}
