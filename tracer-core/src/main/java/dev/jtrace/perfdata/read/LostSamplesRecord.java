package dev.jtrace.perfdata.read;

/** PERF_RECORD_LOST_SAMPLES: samples dropped before they reached the ring. */
public record LostSamplesRecord(long offset, long time, long lost) implements PerfRecord {}
