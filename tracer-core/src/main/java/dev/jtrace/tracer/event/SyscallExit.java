package dev.jtrace.tracer.event;

/**
 * A syscall return. newFdPath is the path of the fd it returned, resolved from /proc when the
 * record was decoded (the earliest moment user space can look), or null.
 */
public record SyscallExit(long time, int cpu, int pid, int tid, int nr, long ret, String newFdPath)
    implements TraceRecord {}
