package dev.jtrace.perfdata.read;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.function.Consumer;

/**
 * Time-orders records the way perf does. At a FINISHED_ROUND, the records up to the highest time
 * seen at the round before are handed on, sorted by time (stable: equal times keep file order); the
 * rest wait for the next round. That one round of slack is perf's: a ring read late may still hold
 * records older than the last round's newest, and flushing everything at each round would print
 * those out of order. Records without a time pass straight through; the end of the data flushes
 * all. The queue is bounded: when it fills, its older half is flushed early.
 */
final class OrderedQueue {
  private static final int CAPACITY = 1 << 18;
  private static final Comparator<PerfRecord> BY_TIME = Comparator.comparingLong(PerfRecord::time);

  private final Consumer<PerfRecord> sink;
  private final ArrayList<PerfRecord> pending = new ArrayList<>();

  /** The highest time queued so far. */
  private long maxTime = Long.MIN_VALUE;

  /** What the next round may flush: up to the highest time seen when the previous round ended. */
  private long nextFlush = Long.MIN_VALUE;

  OrderedQueue(Consumer<PerfRecord> sink) {
    this.sink = sink;
  }

  void add(PerfRecord r) {
    if (r.time() < 0) {
      sink.accept(r);
      return;
    }
    pending.add(r);
    maxTime = Math.max(maxTime, r.time());
    if (pending.size() >= CAPACITY) {
      pending.sort(BY_TIME);
      handOn(pending.size() / 2);
    }
  }

  /** A FINISHED_ROUND: hands on what the round before made safe. */
  void finishedRound() {
    pending.sort(BY_TIME);
    int n = 0;
    while (n < pending.size() && pending.get(n).time() <= nextFlush) {
      n++;
    }
    handOn(n);
    nextFlush = maxTime;
  }

  /** The end of the data: hands on everything. */
  void flush() {
    pending.sort(BY_TIME);
    handOn(pending.size());
  }

  /** Hands on the first n of the sorted pending records. */
  private void handOn(int n) {
    for (int i = 0; i < n; i++) {
      sink.accept(pending.get(i));
    }
    pending.subList(0, n).clear();
  }
}
