package dev.jtrace.tracer.event;

/** A syscall entry: number and its six argument registers. args is owned by the record: never mutate it. */
public record SyscallEnter(long time, int cpu, int pid, int tid, int nr, long[] args)
    implements TraceRecord {}
