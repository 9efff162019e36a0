package dev.jtrace.tracer.event;

/** A task ended. */
public record TaskExit(long time, int cpu, int pid, int ppid, int tid, int ptid)
    implements TraceRecord {}
