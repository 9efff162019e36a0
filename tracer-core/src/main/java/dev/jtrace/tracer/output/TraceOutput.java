package dev.jtrace.tracer.output;

import dev.jtrace.tracer.event.BpfOutput;
import dev.jtrace.tracer.event.Lost;
import dev.jtrace.tracer.event.PageFault;
import dev.jtrace.tracer.event.ProcessEnd;
import dev.jtrace.tracer.event.SignalInfo;
import dev.jtrace.tracer.event.SyscallEnter;
import dev.jtrace.tracer.event.SyscallEvent;
import dev.jtrace.tracer.event.TracepointSample;
import java.io.IOException;

/**
 * A consumer of the time-ordered trace: text lines, JSON, summary. Calls arrive on one thread.
 * {@link #entered} comes before the traced system's state changes for the call; {@link #completed}
 * after (so a returned fd already has its path).
 */
public interface TraceOutput {
  /** A syscall began (its arguments reflect the state at this moment). */
  default void entered(SyscallEnter enter) throws IOException {}

  /** A syscall is complete, continued (entry unseen) or will not return. */
  void completed(SyscallEvent event) throws IOException;

  /** A task ended (comm: its last name, or null): a later task with the same tid is another one. */
  default void exited(int tid, String comm) throws IOException {}

  /** A tracepoint of -e other than a syscall fired ({@code sched:sched_switch}, …). */
  default void tracepoint(TracepointSample sample) throws IOException {}

  /** A traced thread ran this long on a CPU (--sched: sched:sched_stat_runtime). */
  default void ranOnCpu(int tid, long ns) throws IOException {}

  /** A traced task took a page fault (-F). */
  default void pageFault(PageFault fault) throws IOException {}

  /** What an eBPF object's program wrote to a perf event array ({@code __bpf_stdout__}). */
  default void bpfOutput(BpfOutput output) throws IOException {}

  /** A traced thread took a signal (strace's {@code --- SIGUSR1 {…} ---}). */
  default void signal(long time, int pid, int tid, SignalInfo info) throws IOException {}

  /** A traced process ended (strace's {@code +++ exited with 3 +++}). */
  default void processEnded(long time, int pid, int tid, ProcessEnd end) throws IOException {}

  /** The kernel dropped records. */
  default void lost(Lost lost) throws IOException {}

  /** Everything received so far may be written out. */
  default void flush() throws IOException {}

  /** Tracing ended. */
  default void finish() throws IOException {}
}
