package dev.jtrace.tracer.event;

/** A thread's command name was set (exec when {@code exec}, prctl otherwise). */
public record TaskComm(long time, int cpu, int pid, int tid, String comm, boolean exec)
    implements TraceRecord {}
