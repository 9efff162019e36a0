package dev.jtrace.tracer.session;

import dev.jtrace.tracer.perf.NativeCalls;
import dev.jtrace.tracer.perf.PerfException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Collection;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Native buffers, each as large as a ring, that carry copied ring data from the reader to the
 * printer. Off the Java heap so the garbage collector never copies them; recycled (the most
 * recently returned first, so the pages already touched are the ones reused), and grown only while
 * the printer lags, up to a bound on the bytes they hold ({@link #BUDGET_BYTES}; a pass fills a
 * chunk only partly, the paired capture's 10 ms passes a few per cent of one): past it the reader
 * leaves records in the rings, and the kernel drops and counts what no longer fits there, so a
 * lagging printer costs a reported loss, never an unbounded heap. Anonymous mappings, not Arena
 * allocations: an Arena zeroes all 8 MiB of a new chunk on the reader thread, while a reader pass
 * fills about a quarter of one (the wakeup watermark), and the kernel zeroes a mapped page only
 * when it is first written.
 */
final class ChunkPool implements AutoCloseable {
  /**
   * The tracepoint capture's chunks hold at most this many bytes in all (their capacity, which is
   * what stays resident once touched), unless rings are so large that one pass over them needs
   * more.
   */
  static final long BUDGET_BYTES = 64L << 20;

  /** The budget of the side-band rings' chunks beside the paired capture (few records). */
  static final long SIDE_BAND_BUDGET_BYTES = 16L << 20;

  /** The paired capture's chunks: with its 16 MiB ring, a third of a second of dd's calls. */
  static final long PAIRED_BUDGET_BYTES = 48L << 20;

  private final long budget;

  private final long size;
  private final int maxChunks;
  private final int minChunks;
  private final ConcurrentLinkedDeque<MemorySegment> free = new ConcurrentLinkedDeque<>();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicLong bytesInFlight = new AtomicLong();
  private final AtomicInteger mostInFlight = new AtomicInteger();

  /**
   * How often the reader had to wait for a chunk (-v reports it: the printer was that far behind).
   */
  private final AtomicInteger waits = new AtomicInteger();

  /** How often a chunk was refused to a reader that does not wait (the paired ring's). */
  private final AtomicInteger refused = new AtomicInteger();

  /** The chunks mapped here (not the Arena fallbacks), to unmap at the end. */
  private final ConcurrentLinkedQueue<MemorySegment> mapped = new ConcurrentLinkedQueue<>();

  /**
   * @param size bytes per chunk (a ring's data size)
   * @param rings how many rings a reader pass copies: the bound always lets one full pass through
   * @param budget the most bytes of chunks in flight (see {@link #BUDGET_BYTES})
   */
  ChunkPool(long size, int rings, long budget) {
    this.size = size;
    this.budget = budget;
    this.minChunks = rings + 1;
    this.maxChunks = (int) Math.clamp(budget / size, minChunks, 1024);
  }

  /** The size of every chunk. */
  long chunkBytes() {
    return size;
  }

  /** How many chunks may be in flight at once. */
  int maxChunks() {
    return maxChunks;
  }

  /** The most chunks that were in flight at once so far (-v reports it). */
  int mostInFlight() {
    return mostInFlight.get();
  }

  /** What -v says of the pool at the end. */
  String usage() {
    return "at most "
        + mostInFlight()
        + " of "
        + maxChunks
        + " chunks were in flight, "
        + waits()
        + " waits for one, "
        + refused.get()
        + " refused";
  }

  /** How many times the reader waited for a chunk so far. */
  int waits() {
    return waits.get();
  }

  /** A chunk, or null when the printer is so far behind that the bound is reached. */
  MemorySegment take() {
    MemorySegment s = tryTake();
    if (s == null) {
      refused.incrementAndGet();
    }
    return s;
  }

  private MemorySegment tryTake() {
    int n = inFlight.get();
    if (n >= maxChunks || (n >= minChunks && bytesInFlight.get() >= budget)) {
      return null;
    }
    // Only the reader takes: no other thread can raise the count between the check and here.
    mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
    MemorySegment s = free.pollFirst();
    return s != null ? s : mapOrAllocate(size, mapped);
  }

  /**
   * New memory of size bytes: mapped (added to mapped, for the owner to unmap), or from an Arena
   * when mapping fails.
   */
  static MemorySegment mapOrAllocate(long size, Collection<MemorySegment> mapped) {
    try {
      MemorySegment s = NativeCalls.mmapAnonymous(size);
      mapped.add(s);
      return s;
    } catch (PerfException e) {
      return Arena.ofAuto().allocate(size, 8);
    }
  }

  /**
   * A chunk, waiting up to 30 s for the printer to return one, or null if it never does (the
   * printer failed, or its output is blocked). The reader waits rather than skip a ring: while it
   * waits the kernel drops what does not fit and counts it, and every pass stays whole, so its
   * order limit holds and the printer never holds more than a pass's records.
   */
  MemorySegment takeWaiting() throws InterruptedException {
    MemorySegment s = tryTake();
    if (s != null) {
      return s;
    }
    waits.incrementAndGet();
    for (int i = 0; (s = tryTake()) == null && i < 30_000; i++) {
      Thread.sleep(1);
    }
    return s;
  }

  /** Says that a chunk taken holds n bytes for the printer (the bound counts them). */
  void queued(long n) {
    bytesInFlight.addAndGet(n);
  }

  /** Returns a chunk that held n bytes ({@link #queued}; 0 for one never queued). */
  void give(MemorySegment s, long n) {
    free.addFirst(s);
    bytesInFlight.addAndGet(-n);
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
