package dev.jtrace.tracer.event;

/**
 * One syscall as the paired capture recorded it: entry and return joined in the kernel, or a call
 * still in flight when the consumer looked, or one that never returned, or a return whose entry
 * came before tracing. time is the key the records are ordered by: the entry time, or the exit time
 * for a call whose entry time was already printed past ({@code late}) or not seen.
 *
 * @param compat a 32-bit compat call: nr and args are the compat ABI's ({@link CompatAbi})
 * @param contents the memory copied for the call, or null
 * @param cgroup the task's cgroup v2 id at the call (0: unknown)
 */
public record PairedSyscall(
    long time,
    int cpu,
    int pid,
    int tid,
    int nr,
    long[] args,
    long ret,
    long enterTime,
    long exitTime,
    Kind kind,
    boolean late,
    boolean compat,
    PairedContents contents,
    long cgroup)
    implements TraceRecord {

  /** What the record says of the call. */
  public enum Kind {
    /** Entry and return. */
    COMPLETE,
    /** Entered, not yet returned when the in-flight calls were copied. */
    IN_FLIGHT,
    /** Entered; the task ended inside it. */
    NO_RETURN,
    /** A return whose entry was not seen. */
    NO_ENTRY
  }

  /** The entry half, as the outputs receive it. */
  public SyscallEnter entry() {
    return new SyscallEnter(enterTime, cpu, pid, tid, nr, args, null, 0, compat, contents, cgroup);
  }

  /** The return half. */
  public SyscallExit exit() {
    return new SyscallExit(exitTime, cpu, pid, tid, nr, ret, null);
  }
}
