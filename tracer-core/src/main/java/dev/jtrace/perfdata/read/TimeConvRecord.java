package dev.jtrace.perfdata.read;

/** PERF_RECORD_TIME_CONV: how to turn TSC values into perf time. */
public record TimeConvRecord(long offset, long time, int timeShift, long timeMult, long timeZero)
    implements PerfRecord {}
