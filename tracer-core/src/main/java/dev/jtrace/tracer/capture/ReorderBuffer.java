package dev.jtrace.tracer.capture;

import dev.jtrace.tracer.event.TraceRecord;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Iterator;
import java.util.function.Consumer;

/**
 * Merges the records of all CPU rings into one timestamp order. Each CPU's records arrive (nearly)
 * sorted, so they are kept in one queue per CPU and merged by always taking the earliest head: no
 * per-record allocation and no heap. Records are held until the caller declares a time up to which
 * every ring has been read ({@link #flushUpTo}); equal times keep arrival order within a CPU.
 */
public final class ReorderBuffer {
  @SuppressWarnings("unchecked")
  private ArrayDeque<TraceRecord>[] queues = new ArrayDeque[0];

  private int size;
  private long flushedUpTo = Long.MIN_VALUE;

  public void add(TraceRecord r) {
    int cpu = Math.max(0, r.cpu());
    if (cpu >= queues.length) {
      int old = queues.length;
      queues = Arrays.copyOf(queues, Math.max(cpu + 1, old * 2));
      for (int i = old; i < queues.length; i++) {
        queues[i] = new ArrayDeque<>(4096);
      }
    }
    ArrayDeque<TraceRecord> q = queues[cpu];
    TraceRecord last = q.peekLast();
    if (last == null || last.time() <= r.time()) {
      q.addLast(r);
    } else {
      insertSorted(q, r); // a record stamped before one already written on its CPU: rare
    }
    size++;
  }

  private static void insertSorted(ArrayDeque<TraceRecord> q, TraceRecord r) {
    ArrayDeque<TraceRecord> tail = new ArrayDeque<>();
    while (!q.isEmpty() && q.peekLast().time() > r.time()) {
      tail.addFirst(q.pollLast());
    }
    q.addLast(r);
    q.addAll(tail);
  }

  public int size() {
    return size;
  }

  /**
   * The highest limit flushed so far: a record stamped at or before it arrives too late for its
   * place.
   */
  public long flushedUpTo() {
    return flushedUpTo;
  }

  /** Emits, in order, every record with time ≤ limit. */
  public void flushUpTo(long limit, Consumer<TraceRecord> out) {
    flushedUpTo = Math.max(flushedUpTo, limit);
    while (size > 0) {
      ArrayDeque<TraceRecord> best = null;
      long bestTime = Long.MAX_VALUE;
      for (ArrayDeque<TraceRecord> q : queues) {
        TraceRecord h = q.peekFirst();
        if (h != null && h.time() < bestTime) {
          best = q;
          bestTime = h.time();
        }
      }
      if (best == null || bestTime > limit) {
        return;
      }
      out.accept(best.pollFirst());
      size--;
    }
  }

  /** Emits everything, in order. */
  public void flushAll(Consumer<TraceRecord> out) {
    flushUpTo(Long.MAX_VALUE, out);
  }

  /** For tests: the queued records of one CPU, in order. */
  Iterator<TraceRecord> queued(int cpu) {
    return queues[cpu].iterator();
  }
}
