package dev.jtrace.tracer.replay;

import static com.google.common.truth.Truth.assertThat;

import dev.jtrace.beauty.Arch;
import dev.jtrace.beauty.SyscallBeautifier;
import dev.jtrace.record.ContentRecording;
import dev.jtrace.tracer.event.PairedSyscall;
import dev.jtrace.tracer.event.SyscallEnter;
import dev.jtrace.tracer.event.SyscallExit;
import dev.jtrace.tracer.event.TaskComm;
import dev.jtrace.tracer.event.TraceRecord;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The order in which {@link RecordedContents} hands a recording's records on, as {@code jtrace
 * record} writes them around a forked child's execve: the entry sample, the other tasks' records
 * and the child's exec COMM while the call runs, its return sample, then its copy (stamped at the
 * return). The live trace orders a joined call by its entry; so must the replay, or the line is cut
 * by the others and named by the comm the exec gave the task.
 */
class RecordedContentsOrderTest {
  private static final SyscallBeautifier X86 =
      SyscallBeautifier.forArch(Arch.parse("x86_64").get());
  private static final int EXECVE = X86.number("execve");
  private static final int SCHED_YIELD = X86.number("sched_yield");
  private static final int CHILD = 200;
  private static final int PARENT = 100;

  private final List<TraceRecord> out = new ArrayList<>();
  private final RecordedContents contents =
      new RecordedContents(ContentRecording.plan(X86, nr -> true, 32), out::add);

  private static SyscallEnter entry(int tid, int nr, long time) {
    return new SyscallEnter(time, 0, tid, tid, nr, new long[6], null, 0);
  }

  private static SyscallExit exit(int tid, int nr, long time) {
    return new SyscallExit(time, 0, tid, tid, nr, 0, null);
  }

  private static PairedSyscall copy(int tid, int nr, long enter, long exit, PairedSyscall.Kind k) {
    return new PairedSyscall(
        exit, 0, tid, tid, nr, new long[6], 0, enter, exit, k, false, false, null, 0);
  }

  @Test
  void aJoinedCallGoesOnWithItsReturnAtItsEntrysPlace() throws Exception {
    SyscallEnter execve = entry(CHILD, EXECVE, 1_000);
    SyscallEnter getpid = entry(PARENT, SCHED_YIELD, 1_100);
    SyscallExit getpidExit = exit(PARENT, SCHED_YIELD, 1_200);
    TaskComm comm = new TaskComm(1_300, -1, CHILD, CHILD, "true", true);
    SyscallExit execveExit = exit(CHILD, EXECVE, 2_000);
    for (TraceRecord r : List.of(execve, getpid, getpidExit, comm, execveExit)) {
      contents.process(r);
    }
    assertThat(out).isEmpty(); // the entry waits for its copy
    contents.process(copy(CHILD, EXECVE, 1_000, 2_001, PairedSyscall.Kind.COMPLETE));
    assertThat(out).hasSize(5);
    assertThat(out.get(0)).isInstanceOf(SyscallEnter.class);
    assertThat(((SyscallEnter) out.get(0)).nr()).isEqualTo(EXECVE);
    assertThat(out.subList(1, 5)).containsExactly(execveExit, getpid, getpidExit, comm).inOrder();
  }

  @Test
  void aCopyBeforeTheReturnSampleWaitsForIt() throws Exception {
    SyscallEnter execve = entry(CHILD, EXECVE, 1_000);
    SyscallEnter getpid = entry(PARENT, SCHED_YIELD, 1_100);
    SyscallExit execveExit = exit(CHILD, EXECVE, 2_001);
    contents.process(execve);
    contents.process(getpid);
    contents.process(copy(CHILD, EXECVE, 1_000, 2_000, PairedSyscall.Kind.COMPLETE));
    assertThat(out).isEmpty();
    contents.process(execveExit);
    assertThat(out.subList(1, 3)).containsExactly(execveExit, getpid).inOrder();
  }

  @Test
  void aLostCopyReleasesTheCallWithItsReturn() throws Exception {
    SyscallEnter execve = entry(CHILD, EXECVE, 1_000);
    SyscallEnter getpid = entry(PARENT, SCHED_YIELD, 1_500);
    SyscallExit execveExit = exit(CHILD, EXECVE, 2_000);
    contents.process(execve);
    contents.process(getpid);
    contents.process(execveExit);
    SyscallEnter later = entry(PARENT, SCHED_YIELD, 2_000 + RecordedContents.AFTER_RETURN_NS + 1);
    contents.process(later);
    assertThat(out).containsExactly(execve, execveExit, getpid, later).inOrder();
  }

  @Test
  void aBlockedCallGoesOnAloneAndItsReturnInItsOwnPlace() throws Exception {
    SyscallEnter execve = entry(CHILD, EXECVE, 1_000);
    SyscallEnter getpid = entry(PARENT, SCHED_YIELD, 1_000 + RecordedContents.HOLD_NS + 1);
    SyscallExit execveExit = exit(CHILD, EXECVE, 1_000 + RecordedContents.HOLD_NS + 2);
    contents.process(execve);
    contents.process(getpid);
    contents.process(execveExit);
    contents.finish();
    assertThat(out).containsExactly(execve, getpid, execveExit).inOrder();
  }
}
