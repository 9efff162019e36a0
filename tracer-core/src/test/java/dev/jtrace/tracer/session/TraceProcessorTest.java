package dev.jtrace.tracer.session;

import static com.google.common.truth.Truth.assertThat;

import dev.jtrace.beauty.Arch;
import dev.jtrace.beauty.SyscallBeautifier;
import dev.jtrace.symbols.Symbolizer;
import dev.jtrace.tracer.capture.ReorderBuffer;
import dev.jtrace.tracer.event.Lost;
import dev.jtrace.tracer.event.PageFault;
import dev.jtrace.tracer.event.SyscallEnter;
import dev.jtrace.tracer.event.SyscallEvent;
import dev.jtrace.tracer.event.SyscallExit;
import dev.jtrace.tracer.event.SyscallString;
import dev.jtrace.tracer.event.TaskComm;
import dev.jtrace.tracer.event.TaskExit;
import dev.jtrace.tracer.event.TaskFork;
import dev.jtrace.tracer.event.TaskMmap;
import dev.jtrace.tracer.event.TraceRecord;
import dev.jtrace.tracer.output.FaultPrinter;
import dev.jtrace.tracer.output.SummaryCollector;
import dev.jtrace.tracer.output.TimeBase;
import dev.jtrace.tracer.output.TraceOutput;
import dev.jtrace.tracer.select.SyscallSelection;
import dev.jtrace.tracer.state.FdSyscalls;
import dev.jtrace.tracer.state.FdTable;
import dev.jtrace.tracer.state.ThreadTable;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Feeds the processor records as the rings would deliver them, in time order (x86_64 numbers). */
class TraceProcessorTest {
  private static final SyscallBeautifier B = SyscallBeautifier.forArch(Arch.X86_64);
  private static final int READ = 0;
  private static final int CLOSE = 3;
  private static final int PREAD64 = 17;
  private static final int DUP2 = 33;
  private static final int OPENAT = 257;
  private static final int PID = 40;

  private final ThreadTable threads = new ThreadTable(false);
  private final FdTable fds =
      new FdTable(FdSyscalls.resolve(Arch.X86_64, B::number), FdTable.ProcFds.NONE, false);
  private final SummaryCollector summary = new SummaryCollector();
  private final List<SyscallEvent> printed = new ArrayList<>();
  private long time;

  private TraceProcessor processor(SyscallSelection.Selection selection) {
    TraceOutput lines = printed::add;
    return new TraceProcessor(
        threads,
        fds,
        selection,
        B.noReturn(),
        List.of(lines, summary),
        new TimeBase(false),
        e -> true,
        0);
  }

  /** One call of pid's main thread: its entry and its return. */
  private void call(TraceProcessor p, int pid, int nr, long ret, String newFdPath, long... args)
      throws IOException {
    long[] a = new long[6];
    System.arraycopy(args, 0, a, 0, args.length);
    p.process(new SyscallEnter(++time, 0, pid, pid, nr, a));
    p.process(new SyscallExit(++time, 0, pid, pid, nr, ret, newFdPath));
  }

  private void feed(TraceProcessor p, TraceRecord r) throws IOException {
    p.process(r);
  }

  @Test
  void lostRecordsLeaveFdNamesUnknownUntilRelearned() throws IOException {
    TraceProcessor p = processor(null);
    call(p, PID, OPENAT, 3, "/etc/hostname", -100, 0, 0);
    call(p, PID, OPENAT, 4, "/dev/zero", -100, 0, 0);
    call(p, PID, CLOSE, 0, null, 5);
    assertThat(fds.path(PID, 3)).isEqualTo("/etc/hostname");
    // Lost records may hold a dup2(4, 3): the old name must not print as if it were known.
    feed(p, new Lost(++time, 0, 12));
    assertThat(fds.path(PID, 3)).isEqualTo(FdTable.UNKNOWN_PATH);
    assertThat(fds.path(PID, 4)).isEqualTo(FdTable.UNKNOWN_PATH);
    assertThat(fds.path(PID, 5)).isNull(); // closed before: still no name
    // a dup of an unknown fd is unknown too; a new open names its fd again
    call(p, PID, DUP2, 7, null, 4, 7);
    assertThat(fds.path(PID, 7)).isEqualTo(FdTable.UNKNOWN_PATH);
    call(p, PID, OPENAT, 3, "/etc/passwd", -100, 0, 0);
    assertThat(fds.path(PID, 3)).isEqualTo("/etc/passwd");
  }

  @Test
  void aRingFoundFullMakesFdsUnknownWithoutALostLine() throws IOException {
    List<Lost> reported = new ArrayList<>();
    TraceOutput losses =
        new TraceOutput() {
          @Override
          public void completed(SyscallEvent e) {}

          @Override
          public void lost(Lost l) {
            reported.add(l);
          }
        };
    TraceProcessor p =
        new TraceProcessor(
            threads, fds, null, B.noReturn(), List.of(losses), new TimeBase(false), e -> true, 0);
    call(p, PID, OPENAT, 3, "/etc/hostname", -100, 0, 0);
    // a copy found a ring full: its LOST record comes when that CPU has a next event, maybe long
    // after (the task moved to another CPU); until then a dup2 onto fd 3 may have been dropped
    feed(p, new Lost(++time, 1, 0));
    assertThat(fds.path(PID, 3)).isEqualTo(FdTable.UNKNOWN_PATH);
    assertThat(reported).isEmpty(); // nothing counted yet: no LOST line
    feed(p, new Lost(++time, 1, 7));
    assertThat(reported).hasSize(1);
    assertThat(p.lost()).isEqualTo(7);
  }

  @Test
  void fdCallsOutsideTheSelectionAreFollowedNotPrinted() throws IOException {
    TraceProcessor p = processor(new SyscallSelection.Selection(Set.of(PREAD64), false));
    call(p, PID, OPENAT, 3, "/etc/hostname", -100, 0, 0);
    call(p, PID, PREAD64, 1, null, 3, 0, 1, 0);
    call(p, PID, OPENAT, 4, "/etc/passwd", -100, 0, 0);
    call(p, PID, DUP2, 3, null, 4, 3);
    assertThat(fds.path(PID, 3)).isEqualTo("/etc/passwd");
    call(p, PID, CLOSE, 0, null, 3);
    assertThat(fds.path(PID, 3)).isNull();
    call(p, PID, READ, 1, null, 4, 0, 1);
    assertThat(printed.stream().map(SyscallEvent::nr).toList()).containsExactly(PREAD64);
  }

  @Test
  void anFdChangeArrivingAfterItsWindowIsNotAppliedOutOfOrder() throws IOException {
    TraceProcessor p = processor(null);
    time = 100;
    call(p, PID, OPENAT, 4, "/etc/hostname", -100, 0, 0);
    call(p, PID, OPENAT, 3, "/etc/passwd", -100, 0, 0);
    // a dup2(4, 3) stamped before the open of fd 3, from a ring read late: applied now it would
    // name fd 3 after fd 4's file, though the later open replaced it
    p.process(new SyscallEnter(10, 1, PID, PID + 1, DUP2, new long[] {4, 3, 0, 0, 0, 0}));
    p.process(new SyscallExit(11, 1, PID, PID + 1, DUP2, 3, null));
    assertThat(fds.path(PID, 3)).isEqualTo(FdTable.UNKNOWN_PATH);
    // the next call in order names it again
    call(p, PID, OPENAT, 3, "/etc/group", -100, 0, 0);
    assertThat(fds.path(PID, 3)).isEqualTo("/etc/group");
  }

  @Test
  void aPidReusedAfterItsExitIsANewSummaryEntry() throws IOException {
    TraceProcessor p = processor(null);
    for (String comm : List.of("dd", "cat")) {
      feed(p, new TaskFork(++time, 0, PID, 1, PID, 1));
      feed(p, new TaskComm(++time, 0, PID, PID, comm, true));
      call(p, PID, READ, 0, null, 0, 0, 1);
      if (comm.equals("dd")) {
        call(p, PID, READ, 0, null, 0, 0, 1);
      }
      feed(p, new TaskExit(++time, 0, PID, 1, PID, 1));
    }
    StringWriter w = new StringWriter();
    summary.print(w, B, threads::comm, false);
    List<String> heads = w.toString().lines().filter(l -> l.contains(" events, ")).toList();
    assertThat(heads).containsExactly(" cat (40), 2 events, 33.3%", " dd (40), 4 events, 66.7%");
  }

  @Test
  void nothingOfAnEndedTaskIsKept() throws IOException {
    TraceProcessor p = processor(null);
    int child = PID + 1;
    feed(p, new TaskFork(++time, 0, child, PID, child, PID));
    feed(p, new TaskComm(++time, 0, child, child, "short", true));
    call(p, child, OPENAT, 3, "/etc/hostname", -100, 0, 0);
    // a string whose entry was never seen (lost): it must not wait for the tid's next life
    feed(p, new SyscallString(++time, 0, child, child, OPENAT, 1, 0x1000, "/stale"));
    feed(p, new TaskExit(++time, 0, child, PID, child, PID));
    assertThat(threads.comm(child)).isEqualTo("short"); // still: the parent's wait4 names it
    assertThat(fds.path(child, 3)).isNull();
    // the tid reused: its openat with the same pointer does not take the dead task's string
    feed(p, new TaskFork(++time, 0, child, PID, child, PID));
    feed(p, new TaskComm(++time, 0, child, child, "reuser", true));
    call(p, child, OPENAT, 3, null, -100, 0x1000, 0);
    assertThat(fds.path(child, 3)).isNull();
    assertThat(threads.comm(child)).isEqualTo("reuser");
    // ended tasks are kept for their comms, but only the latest thousands of them
    for (int tid = 100_000; tid < 110_000; tid++) {
      feed(p, new TaskComm(++time, 0, tid, tid, "t" + tid, true));
      feed(p, new TaskExit(++time, 0, tid, PID, tid, PID));
    }
    assertThat(threads.comm(100_000)).isNull();
    assertThat(threads.comm(109_999)).isEqualTo("t109999");
  }

  /**
   * A mapping made on one CPU after an exec on another, read from its ring first: applied in time
   * order (the exec, then the mapping), the fault after both names the mapping. Applied as read,
   * the exec wiped it (PageFaultsLiveTest showed {@code (?.)} for a file's faults one run in two).
   */
  @Test
  void mappingsFollowTimeOrderNotTheOrderTheRingsAreRead() throws IOException {
    Symbolizer symbols = Symbolizer.replay();
    FaultPrinter faults = new FaultPrinter(symbols);
    List<String> lines = new ArrayList<>();
    TraceOutput out =
        new TraceOutput() {
          @Override
          public void completed(SyscallEvent event) {}

          @Override
          public void pageFault(PageFault f) {
            StringBuilder b = new StringBuilder();
            faults.appendText(b, f);
            lines.add(b.toString());
          }
        };
    TraceProcessor p =
        new TraceProcessor(
            threads, fds, null, B.noReturn(), List.of(out), new TimeBase(false), e -> true, 0);
    p.followMappings(symbols);
    ReorderBuffer order = new ReorderBuffer();
    // CPU 1's ring first: the mapping and the fault; then CPU 0's: the exec before them
    order.add(new TaskMmap(20, 1, PID, 0x7f0000000000L, 0x10000, 0x3000, "/srv/data", null));
    order.add(new PageFault(30, 1, PID, PID, true, 0x401000, 0x7f0000000008L, false, null));
    order.add(new TaskComm(10, 0, PID, PID, "faults", true));
    order.flushAll(
        r -> {
          try {
            p.process(r);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
    assertThat(lines).containsExactly("majfault [0x401000] => /srv/data@0x3008 (d.)");
  }
}
