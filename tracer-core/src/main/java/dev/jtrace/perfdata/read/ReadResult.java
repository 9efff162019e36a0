package dev.jtrace.perfdata.read;

import java.util.Map;

/**
 * How a read ended: the header (null when even that could not be read), how many records of each
 * type were seen, the events the kernel or perf reported lost, and the error that ended it (null
 * for a clean end).
 */
public record ReadResult(
    PerfHeader header,
    long records,
    Map<String, Long> recordCounts,
    long lostEvents,
    long lostSamples,
    String error) {

  public boolean ok() {
    return error == null;
  }

  public long count(String recordName) {
    return recordCounts.getOrDefault(recordName, 0L);
  }
}
