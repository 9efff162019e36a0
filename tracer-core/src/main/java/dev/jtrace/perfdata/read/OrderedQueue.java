package dev.jtrace.perfdata.read;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;

/**
 * Time-orders records the way perf does: records are held until a FINISHED_ROUND (or the end) and then
 * handed on sorted by time (stable, so equal times keep file order). Records without a time pass straight
 * through. The queue is bounded: when it fills, its older half is flushed early.
 */
final class OrderedQueue {
  private static final int CAPACITY = 1 << 18;
  private static final Comparator<PerfRecord> BY_TIME = Comparator.comparingLong(PerfRecord::time);

  private final Consumer<PerfRecord> sink;
  private ArrayList<PerfRecord> pending = new ArrayList<>();

  OrderedQueue(Consumer<PerfRecord> sink) {
    this.sink = sink;
  }

  void add(PerfRecord r) {
    if (r.time() < 0) {
      sink.accept(r);
      return;
    }
    pending.add(r);
    if (pending.size() >= CAPACITY) {
      pending.sort(BY_TIME);
      int half = pending.size() / 2;
      List<PerfRecord> early = pending.subList(0, half);
      early.forEach(sink);
      pending = new ArrayList<>(pending.subList(half, pending.size()));
    }
  }

  void flush() {
    pending.sort(BY_TIME);
    ArrayList<PerfRecord> out = pending;
    pending = new ArrayList<>();
    out.forEach(sink);
  }
}
