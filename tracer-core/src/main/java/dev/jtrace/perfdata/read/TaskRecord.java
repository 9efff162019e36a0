package dev.jtrace.perfdata.read;

/** PERF_RECORD_FORK or PERF_RECORD_EXIT. */
public record TaskRecord(
    long offset, long time, boolean fork, int pid, int ppid, int tid, int ptid, long taskTime)
    implements PerfRecord {}
