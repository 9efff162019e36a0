package dev.jtrace.tracer.session;

import static com.google.common.truth.Truth.assertThat;

import dev.jtrace.beauty.Arch;
import dev.jtrace.beauty.SyscallBeautifier;
import dev.jtrace.tracer.event.CompatAbi;
import dev.jtrace.tracer.event.CompatEntry;
import dev.jtrace.tracer.event.SyscallEnter;
import dev.jtrace.tracer.event.SyscallEvent;
import dev.jtrace.tracer.event.SyscallExit;
import dev.jtrace.tracer.output.SummaryCollector;
import dev.jtrace.tracer.output.TimeBase;
import dev.jtrace.tracer.output.TraceOutput;
import dev.jtrace.tracer.select.SyscallNames;
import dev.jtrace.tracer.select.SyscallSelection;
import dev.jtrace.tracer.state.FdSyscalls;
import dev.jtrace.tracer.state.FdTable;
import dev.jtrace.tracer.state.ThreadTable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Compat marks from the kernel turn the next entry of their thread and number into an i386 call:
 * selected, ended and applied to the fd table by its own name, not by the x86_64 call of the same
 * number.
 */
class CompatProcessorTest {
  private static final SyscallBeautifier X86_64 = SyscallBeautifier.forArch(Arch.X86_64);
  private static final SyscallBeautifier I386 = SyscallBeautifier.forArch(Arch.I386);
  private static final int PID = 50;

  private final FdTable fds =
      new FdTable(FdSyscalls.resolve(Arch.X86_64, X86_64::number), FdTable.ProcFds.NONE, false);
  private final SummaryCollector summary = new SummaryCollector();
  private final List<SyscallEvent> printed = new ArrayList<>();
  private long time;

  private TraceProcessor processor(SyscallSelection.Selection selection) {
    TraceOutput lines = printed::add;
    TraceProcessor p =
        new TraceProcessor(
            new ThreadTable(false),
            fds,
            selection,
            X86_64.noReturn(),
            List.of(lines, summary),
            new TimeBase(false),
            e -> true,
            0);
    p.decodeCompat(CompatAbi.of(X86_64));
    return p;
  }

  private void compatCall(TraceProcessor p, String name, long ret, long... args)
      throws IOException {
    int nr = I386.number(name);
    long[] a = new long[6];
    System.arraycopy(args, 0, a, 0, args.length);
    p.process(new CompatEntry(++time, 0, PID, PID, nr));
    p.process(new SyscallEnter(++time, 0, PID, PID, nr, a));
    if (!I386.noReturn().test(nr)) {
      p.process(new SyscallExit(++time, 0, PID, PID, nr, ret, null));
    }
  }

  @Test
  void markedEntriesAreCompatCallsAndUnmarkedOnesNative() throws IOException {
    TraceProcessor p = processor(null);
    compatCall(p, "getpid", PID);
    int writev = X86_64.number("writev"); // 20, i386's getpid
    p.process(new SyscallEnter(++time, 0, PID, PID, writev, new long[6]));
    p.process(new SyscallExit(++time, 0, PID, PID, writev, 0, null));
    compatCall(p, "exit", 0, 3);
    assertThat(printed).hasSize(3);
    assertThat(printed.get(0).compat()).isTrue();
    assertThat(printed.get(1).compat()).isFalse();
    assertThat(printed.get(2).compat()).isTrue();
    assertThat(printed.get(2).completion()).isEqualTo(SyscallEvent.Completion.NO_RETURN);
    assertThat(summary.calls(PID, writev, true)).isEqualTo(1);
    assertThat(summary.calls(PID, writev, false)).isEqualTo(1);
  }

  @Test
  void aMarkForAnotherNumberIsNotTaken() throws IOException {
    TraceProcessor p = processor(null);
    p.process(new CompatEntry(++time, 0, PID, PID, 4));
    p.process(new SyscallEnter(++time, 0, PID, PID, 39, new long[6]));
    p.process(new SyscallExit(++time, 0, PID, PID, 39, PID, null));
    assertThat(printed.get(0).compat()).isFalse();
  }

  @Test
  void selectionAndFdTableGoByTheCompatCallsName() throws Exception {
    SyscallSelection.Selection writeOnly = SyscallSelection.parse("write", SyscallNames.of(X86_64));
    TraceProcessor p = processor(writeOnly);
    fds.apply(PID, X86_64.number("openat"), new long[] {-100, 0, 0, 0, 0, 0}, 3, "/etc/passwd");
    compatCall(p, "exit", 0, 3); // i386 1: x86_64's write, not selected
    compatCall(p, "write", 3, 1, 0, 3); // i386 4: x86_64's stat
    compatCall(p, "close", 0, 3); // i386 6: x86_64's lstat; closes fd 3 unprinted
    assertThat(printed).hasSize(1);
    assertThat(I386.name(printed.get(0).nr())).isEqualTo("write");
    assertThat(fds.path(PID, 3)).isNull();
  }
}
