package dev.jtrace.tracer.session;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Native buffers, each as large as a ring, that carry copied ring data from the reader to the printer. Off
 * the Java heap so the garbage collector never copies them; recycled, and grown only while the printer lags,
 * up to a bound: past it the reader leaves records in the rings and the kernel counts what it then drops.
 */
final class ChunkPool {
  /** At most this many chunks in flight (pages are touched only as far as they are filled). */
  static final int MAX_CHUNKS = 256;

  private final long size;
  private final ConcurrentLinkedQueue<MemorySegment> free = new ConcurrentLinkedQueue<>();
  private final AtomicInteger inFlight = new AtomicInteger();

  ChunkPool(long size) {
    this.size = size;
  }

  /** A chunk, or null when the printer is so far behind that the bound is reached. */
  MemorySegment take() {
    if (inFlight.get() >= MAX_CHUNKS) {
      return null;
    }
    inFlight.incrementAndGet();
    MemorySegment s = free.poll();
    return s != null ? s : Arena.ofAuto().allocate(size, 8);
  }

  /**
   * A chunk, waiting up to 30 s for the printer to return one (the final drain must not skip records), or
   * null if it never does (the printer failed).
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
}
