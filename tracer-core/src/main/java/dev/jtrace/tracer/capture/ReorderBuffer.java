package dev.jtrace.tracer.capture;

import dev.jtrace.tracer.event.TraceRecord;
import java.util.PriorityQueue;
import java.util.function.Consumer;

/**
 * Merges the records of all CPU rings into one timestamp order. Records are held until the caller declares a
 * time up to which every ring has been read ({@link #flushUpTo}); ties keep arrival order, so one CPU's
 * records never swap.
 */
public final class ReorderBuffer {
  private record Entry(TraceRecord record, long seq) {}

  private final PriorityQueue<Entry> queue =
      new PriorityQueue<>(
          4096,
          (a, b) -> {
            int c = Long.compare(a.record.time(), b.record.time());
            return c != 0 ? c : Long.compare(a.seq, b.seq);
          });
  private long seq;

  public void add(TraceRecord r) {
    queue.add(new Entry(r, seq++));
  }

  public int size() {
    return queue.size();
  }

  /** Emits, in order, every record with time ≤ limit. */
  public void flushUpTo(long limit, Consumer<TraceRecord> out) {
    Entry e;
    while ((e = queue.peek()) != null && e.record.time() <= limit) {
      queue.poll();
      out.accept(e.record);
    }
  }

  /** Emits everything, in order. */
  public void flushAll(Consumer<TraceRecord> out) {
    flushUpTo(Long.MAX_VALUE, out);
  }
}
