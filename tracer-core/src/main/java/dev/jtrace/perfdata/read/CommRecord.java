package dev.jtrace.perfdata.read;

/** PERF_RECORD_COMM: a thread got a new name ({@code exec} sets {@link #exec}). */
public record CommRecord(long offset, long time, int pid, int tid, String comm, boolean exec)
    implements PerfRecord {}
