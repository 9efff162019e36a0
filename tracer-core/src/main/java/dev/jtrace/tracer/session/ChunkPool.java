package dev.jtrace.tracer.session;

import dev.jtrace.tracer.perf.NativeCalls;
import dev.jtrace.tracer.perf.PerfException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Native buffers, each as large as a ring, that carry copied ring data from the reader to the
 * printer. Off the Java heap so the garbage collector never copies them; recycled, and grown only
 * while the printer lags, up to a bound in bytes ({@link #BUDGET_BYTES}): past it the reader leaves
 * records in the rings, and the kernel drops and counts what no longer fits there, so a lagging
 * printer costs a reported loss, never an unbounded heap. Anonymous mappings, not Arena
 * allocations: an Arena zeroes all 8 MiB of a new chunk on the reader thread, while a reader pass
 * fills about a quarter of one (the wakeup watermark), and the kernel zeroes a mapped page only
 * when it is first written.
 */
final class ChunkPool implements AutoCloseable {
  /**
   * The chunks in flight hold at most this many bytes (4 chunks of the default 8 MiB ring), unless
   * rings are so large that one pass over them needs more: with 2 CPUs, 2 passes of slack on top of
   * the rings themselves, while RSS stays far from the 300 MB.
   */
  static final long BUDGET_BYTES = 32L << 20;

  private final long size;
  private final int maxChunks;
  private final ConcurrentLinkedQueue<MemorySegment> free = new ConcurrentLinkedQueue<>();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger mostInFlight = new AtomicInteger();

  /** The chunks mapped here (not the Arena fallbacks), to unmap at the end. */
  private final ConcurrentLinkedQueue<MemorySegment> mapped = new ConcurrentLinkedQueue<>();

  /**
   * @param size bytes per chunk (a ring's data size)
   * @param rings how many rings a reader pass copies: the bound always lets one full pass through
   */
  ChunkPool(long size, int rings) {
    this.size = size;
    this.maxChunks = (int) Math.max(rings + 1L, Math.min(BUDGET_BYTES / size, 1024));
  }

  /** How many chunks may be in flight at once. */
  int maxChunks() {
    return maxChunks;
  }

  /** The most chunks that were in flight at once so far (-v reports it). */
  int mostInFlight() {
    return mostInFlight.get();
  }

  /** A chunk, or null when the printer is so far behind that the bound is reached. */
  MemorySegment take() {
    int n = inFlight.get();
    if (n >= maxChunks) {
      return null;
    }
    // Only the reader takes: no other thread can raise the count between the check and here.
    mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
    MemorySegment s = free.poll();
    if (s != null) {
      return s;
    }
    try {
      s = NativeCalls.mmapAnonymous(size);
      mapped.add(s);
      return s;
    } catch (PerfException e) {
      return Arena.ofAuto().allocate(size, 8);
    }
  }

  /**
   * A chunk, waiting up to 30 s for the printer to return one (the final drain must not skip
   * records), or null if it never does (the printer failed).
   */
  MemorySegment takeWaiting() throws InterruptedException {
    MemorySegment s;
    for (int i = 0; (s = take()) == null && i < 30_000; i++) {
      Thread.sleep(1);
    }
    return s;
  }

  void give(MemorySegment s) {
    free.add(s);
    inFlight.decrementAndGet();
  }

  /** Unmaps every chunk; none may be in use any more. */
  @Override
  public void close() {
    free.clear();
    for (MemorySegment s; (s = mapped.poll()) != null; ) {
      NativeCalls.munmap(s);
    }
  }
}
