package dev.jtrace.perfdata.read;

/** PERF_RECORD_LOST: the kernel dropped {@link #lost} records of the event with this id. */
public record PerfDataLost(long offset, long time, long id, long lost) implements PerfRecord {}
