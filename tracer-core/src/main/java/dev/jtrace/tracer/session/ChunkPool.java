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
 * while the printer lags, up to a bound: past it the reader leaves records in the rings and the
 * kernel counts what it then drops. Anonymous mappings, not Arena allocations: an Arena zeroes all
 * 8 MiB of a new chunk on the reader thread, while a reader pass fills about a quarter of one (the
 * wakeup watermark), and the kernel zeroes a mapped page only when it is first written.
 */
final class ChunkPool implements AutoCloseable {
  /** At most this many chunks in flight (pages are touched only as far as they are filled). */
  static final int MAX_CHUNKS = 256;

  private final long size;
  private final ConcurrentLinkedQueue<MemorySegment> free = new ConcurrentLinkedQueue<>();
  private final AtomicInteger inFlight = new AtomicInteger();

  /** The chunks mapped here (not the Arena fallbacks), to unmap at the end. */
  private final ConcurrentLinkedQueue<MemorySegment> mapped = new ConcurrentLinkedQueue<>();

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
