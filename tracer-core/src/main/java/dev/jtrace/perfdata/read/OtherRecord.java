package dev.jtrace.perfdata.read;

/**
 * A record this reader counts but does not decode (THROTTLE, KSYMBOL, BUILD_ID, simpleperf's own,
 * …, and unknown types).
 */
public record OtherRecord(long offset, long time, int type, int size) implements PerfRecord {}
