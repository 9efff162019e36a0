package dev.jtrace.perfdata.read;

/** A record with no payload that marks a point in the stream: FINISHED_ROUND or FINISHED_INIT. */
public record MarkerRecord(long offset, long time, int type) implements PerfRecord {}
