package dev.jtrace.perfdata.read;

/** PERF_RECORD_CPU_MAP: the cpus perf opened events on. */
public record CpuMapRecord(long offset, long time, int[] cpus) implements PerfRecord {}
