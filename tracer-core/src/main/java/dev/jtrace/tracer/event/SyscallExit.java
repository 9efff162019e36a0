package dev.jtrace.tracer.event;

/**
 * A syscall return. newFdPath is the path of the fd it returned, resolved from /proc when the
 * record was decoded (the earliest moment user space can look), or null. callchain is the stack the
 * kernel sampled at the return (PERF_SAMPLE_CALLCHAIN entries, context marks included), or null.
 */
public record SyscallExit(
    long time, int cpu, int pid, int tid, int nr, long ret, String newFdPath, long[] callchain)
    implements TraceRecord {

  /** A return without a stack. */
  public SyscallExit(long time, int cpu, int pid, int tid, int nr, long ret, String newFdPath) {
    this(time, cpu, pid, tid, nr, ret, newFdPath, null);
  }
}
