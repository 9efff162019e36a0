package dev.jtrace.tracer.event;

import dev.jtrace.beauty.SyscallBeautifier;

/**
 * One syscall as users see it: entry and return joined. time is the entry time (or the return time
 * when the entry was not seen), durationNs is -1 when unknown. args is null for a {@link
 * Completion#CONTINUED} call whose entry was not captured; never mutate it. A compat call (a 32-bit
 * task's, on a 64-bit kernel) has {@code compat} set: nr and args are then the compat ABI's ({@link
 * CompatAbi}). callchain is the stack sampled at the return (PERF_SAMPLE_CALLCHAIN entries), or
 * null. cgroup is the task's cgroup v2 id at the call when the capture read it, else 0.
 */
public record SyscallEvent(
    long time,
    long durationNs,
    int pid,
    int tid,
    int cpu,
    int nr,
    long[] args,
    long ret,
    Completion completion,
    boolean compat,
    long[] callchain,
    long cgroup) {

  /** A call without a stack. */
  public SyscallEvent(
      long time,
      long durationNs,
      int pid,
      int tid,
      int cpu,
      int nr,
      long[] args,
      long ret,
      Completion completion,
      boolean compat) {
    this(time, durationNs, pid, tid, cpu, nr, args, ret, completion, compat, null, 0);
  }

  /** A call of the traced arch's own ABI. */
  public SyscallEvent(
      long time,
      long durationNs,
      int pid,
      int tid,
      int cpu,
      int nr,
      long[] args,
      long ret,
      Completion completion) {
    this(time, durationNs, pid, tid, cpu, nr, args, ret, completion, false);
  }

  /** How much of the call was seen. */
  public enum Completion {
    /** Entry and return. */
    COMPLETE,
    /** Entry only: the call does not return (exit, exit_group) or tracing ended first. */
    NO_RETURN,
    /** Return only: the entry happened before tracing began. */
    CONTINUED
  }

  public boolean failed() {
    return completion != Completion.NO_RETURN && SyscallBeautifier.isErrorReturn(ret);
  }

  /** The errno of a failed call, else 0. */
  public int errno() {
    return failed() ? (int) -ret : 0;
  }
}
