package dev.jtrace.perfdata.read;

import java.util.List;

/** PERF_RECORD_THREAD_MAP: the threads perf opened events on, with their names. */
public record ThreadMapRecord(long offset, long time, List<Thread> threads) implements PerfRecord {
  /** One entry. */
  public record Thread(long pid, String comm) {}
}
