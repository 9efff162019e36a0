package dev.jtrace.tracer.capture;

import dev.jtrace.tracer.event.TraceRecord;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Iterator;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Merges the records of all CPU rings into one timestamp order. Each CPU's records arrive (nearly)
 * sorted, so they are kept in one queue per CPU and merged by always taking the earliest head: no
 * per-record allocation and no heap. Records are held until the caller declares a time up to which
 * every ring has been read ({@link #flushUpTo}); equal times keep arrival order within a CPU.
 *
 * <p>Records can also be held as references ({@link #addRef}): a key and a long the caller's {@link
 * RefDecoder} turns into the record only when its turn comes, so a burst waiting for its order
 * limit is a few primitive arrays, not an object per record that lives long enough to be promoted
 * (the paired capture's records, still in their copied bytes). References in key order are kept in
 * a run; the few that come out of order (a call that began before shorter ones that ended first) in
 * a binary heap beside it.
 */
public final class ReorderBuffer {
  /** Turns a reference back into its record. */
  @FunctionalInterface
  public interface RefDecoder {
    /** Hands the record ref stands for to out (or nothing, for a record dropped after all). */
    void decode(long ref, Consumer<TraceRecord> out);
  }

  private final RefDecoder refs;

  /** The in-order run: keys and references from runHead (inclusive) to runTail (exclusive). */
  private long[] runKeys = new long[1 << 12];

  private long[] runRefs = new long[1 << 12];
  private int runHead;
  private int runTail;

  /** The out-of-order references: a binary min-heap by key (ties: the smaller sequence first). */
  private long[] heapKeys = new long[256];

  private long[] heapRefs = new long[256];
  private long[] heapSeq = new long[256];
  private int heapSize;
  private long seq;

  /** A buffer of records only. */
  public ReorderBuffer() {
    this(
        (ref, out) -> {
          throw new IllegalStateException("no reference decoder");
        });
  }

  /** A buffer of records and of references decoded by refs. */
  public ReorderBuffer(RefDecoder refs) {
    this.refs = refs;
  }

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

  /** Holds a reference to a record of this key, to be decoded when it is emitted. */
  public void addRef(long key, long ref) {
    if (runHead == runTail) {
      runHead = 0;
      runTail = 0;
    }
    if (runTail == runHead || key >= runKeys[runTail - 1]) {
      if (runTail == runKeys.length) {
        growRun();
      }
      runKeys[runTail] = key;
      runRefs[runTail++] = ref;
    } else {
      heapPush(key, ref);
    }
    size++;
  }

  private void growRun() {
    int live = runTail - runHead;
    if (live < runKeys.length / 2) {
      // mostly emitted: slide the rest to the front
      System.arraycopy(runKeys, runHead, runKeys, 0, live);
      System.arraycopy(runRefs, runHead, runRefs, 0, live);
    } else {
      long[] k = new long[runKeys.length * 2];
      long[] r = new long[runKeys.length * 2];
      System.arraycopy(runKeys, runHead, k, 0, live);
      System.arraycopy(runRefs, runHead, r, 0, live);
      runKeys = k;
      runRefs = r;
    }
    runHead = 0;
    runTail = live;
  }

  private void heapPush(long key, long ref) {
    if (heapSize == heapKeys.length) {
      heapKeys = Arrays.copyOf(heapKeys, heapSize * 2);
      heapRefs = Arrays.copyOf(heapRefs, heapSize * 2);
      heapSeq = Arrays.copyOf(heapSeq, heapSize * 2);
    }
    int i = heapSize++;
    long sq = seq++;
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      if (!before(key, sq, heapKeys[parent], heapSeq[parent])) {
        break;
      }
      heapKeys[i] = heapKeys[parent];
      heapRefs[i] = heapRefs[parent];
      heapSeq[i] = heapSeq[parent];
      i = parent;
    }
    heapKeys[i] = key;
    heapRefs[i] = ref;
    heapSeq[i] = sq;
  }

  private long heapPop() {
    long top = heapRefs[0];
    int n = --heapSize;
    long key = heapKeys[n];
    long ref = heapRefs[n];
    long sq = heapSeq[n];
    int i = 0;
    while (true) {
      int child = 2 * i + 1;
      if (child >= n) {
        break;
      }
      if (child + 1 < n
          && before(heapKeys[child + 1], heapSeq[child + 1], heapKeys[child], heapSeq[child])) {
        child++;
      }
      if (!before(heapKeys[child], heapSeq[child], key, sq)) {
        break;
      }
      heapKeys[i] = heapKeys[child];
      heapRefs[i] = heapRefs[child];
      heapSeq[i] = heapSeq[child];
      i = child;
    }
    heapKeys[i] = key;
    heapRefs[i] = ref;
    heapSeq[i] = sq;
    return top;
  }

  private static boolean before(long key, long sq, long otherKey, long otherSeq) {
    return key < otherKey || (key == otherKey && sq < otherSeq);
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
    flush(limit, out, null);
  }

  /**
   * Emits the oldest records, in order, as long as more says so, before their order is known to be
   * final: what a printer too far behind does to bound what it holds. A record that comes later
   * with an earlier time is handled as one after its window.
   */
  public void flushOldest(Consumer<TraceRecord> out, BooleanSupplier more) {
    flush(Long.MAX_VALUE, out, more);
  }

  private void flush(long limit, Consumer<TraceRecord> out, BooleanSupplier more) {
    while (size > 0 && (more == null || more.getAsBoolean())) {
      ArrayDeque<TraceRecord> best = null;
      long bestTime = Long.MAX_VALUE;
      for (ArrayDeque<TraceRecord> q : queues) {
        TraceRecord h = q.peekFirst();
        if (h != null && h.time() < bestTime) {
          best = q;
          bestTime = h.time();
        }
      }
      // equal times (rare, in ns): records first, then the run, then the heap
      int from = 0; // 0: a queue, 1: the run, 2: the heap
      if (runHead < runTail && runKeys[runHead] < bestTime) {
        from = 1;
        bestTime = runKeys[runHead];
      }
      if (heapSize > 0 && (heapKeys[0] < bestTime || (from == 1 && heapKeys[0] == bestTime))) {
        from = 2;
        bestTime = heapKeys[0];
      }
      if (bestTime > limit || (from == 0 && best == null)) {
        return;
      }
      size--;
      if (more != null) {
        flushedUpTo = Math.max(flushedUpTo, bestTime);
      }
      switch (from) {
        case 1 -> refs.decode(runRefs[runHead++], out);
        case 2 -> refs.decode(heapPop(), out);
        default -> out.accept(best.pollFirst());
      }
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
