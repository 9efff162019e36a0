package dev.jtrace.perfdata.read;

/** PERF_RECORD_ID_INDEX: per sample id, the index, cpu and tid of the event it belongs to. */
public record IdIndexRecord(long offset, long time, int entries) implements PerfRecord {}
