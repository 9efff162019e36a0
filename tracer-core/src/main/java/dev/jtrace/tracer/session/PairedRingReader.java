package dev.jtrace.tracer.session;

import dev.jtrace.tracer.bpf.BpfRing;
import dev.jtrace.tracer.bpf.PairedCapture;
import dev.jtrace.tracer.event.PairedRecordDecoder;
import dev.jtrace.tracer.perf.PerfException;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.BlockingQueue;

/**
 * The reader's side of the paired BPF capture: each pass copies the calls in flight (so the printer
 * can show a call interrupted by later lines, and the calls still blocked at the end), then the
 * ring's records, then a loss mark when the kernel counted calls it had no room for, and queues the
 * copies for the printer. The ring is written without wakeups; the reader's timer drains it.
 */
final class PairedRingReader {
  /**
   * The reader's pass interval with the paired capture: a 16 MiB ring takes well over 100 ms to
   * fill at a million calls a second.
   */
  static final int DRAIN_MS = 10;

  /**
   * The calls in flight are copied at most this often: each copy reads every thread's record from
   * the map, and only then is the order final up to the pass's limit.
   */
  static final long IN_FLIGHT_EVERY_NS = 100_000_000;

  /** Room a chunk keeps after a full ring's copy, for the loss mark. */
  static final int MARK_ROOM = 256;

  /**
   * The ring is copied in chunks of this many bytes (or the side-band rings' size when larger), as
   * many as it holds: what the printer holds stays near what is queued (a chunk of the ring's full
   * size touched once stays resident), and a pass's records decode in a bounded heap.
   */
  static final long CHUNK_BYTES = 1L << 20;

  /**
   * A copy of the calls in flight reads every traced thread's record from the map (under -a,
   * thousands of lookups of a whole record each): the next one waits at least this many times as
   * long as the last took, so the reader spends at most a twentieth of its time on them.
   */
  static final int IN_FLIGHT_SPACING = 20;

  /** The longest wait between two copies of the calls in flight, however slow they are. */
  static final long IN_FLIGHT_AT_MOST_EVERY_NS = 1_000_000_000L;

  /** As the reader's order window: records older than a pass's start by this are in order. */
  private static final long ORDER_WINDOW_NS = 5_000_000;

  private final PairedCapture capture;
  private final ChunkPool pool;
  private final BlockingQueue<PrinterThread.Item> queue;
  private final PairedRecordDecoder decoder;

  /** Where pieces go when the pool has no chunk, or null (then the kernel drops and counts). */
  private SpillFile spill;

  /** Calls of pieces the spill file refused (disk full), for the next loss mark. */
  private long spillLost;

  private long lostReported;

  /**
   * A time no later than anything not yet printed: the lost calls' records may have been before any
   * record still to come, so their mark is ordered first (the fd table forgets before them).
   */
  private long beforeUnprinted;

  private long inFlightCopied;

  /** The time between two copies of the calls in flight: see {@link #IN_FLIGHT_SPACING}. */
  private long inFlightEveryNs = IN_FLIGHT_EVERY_NS;

  PairedRingReader(
      PairedCapture capture,
      ChunkPool pool,
      BlockingQueue<PrinterThread.Item> queue,
      PairedRecordDecoder decoder,
      SpillFile spill) {
    this.spill = spill;
    this.capture = capture;
    this.pool = pool;
    this.queue = queue;
    this.decoder = decoder;
    this.inFlightCopied = System.nanoTime() - IN_FLIGHT_EVERY_NS; // the first pass copies them
  }

  /** Detaches the programs: what they wrote stays to be copied. */
  void stop() {
    capture.stop();
  }

  /**
   * One pass; the last one copies the ring before the calls left in flight. Returns whether the
   * order is final up to the pass's limit: the calls in flight were copied (every {@link
   * #IN_FLIGHT_EVERY_NS}) and no chunk ran out (the printer far behind). The reader does not wait
   * for a chunk here: the side-band rings (forks, exits, comms) must be copied whatever the paired
   * ring's backlog, and the calls that do not fit are the kernel's loss, counted.
   */
  boolean copy(boolean last) throws InterruptedException {
    long start = System.nanoTime();
    boolean all = last || start - inFlightCopied >= inFlightEveryNs;
    if (all) {
      inFlightCopied = start;
    }
    if (!last && all) {
      all = copyInFlight(false);
      long took = System.nanoTime() - start;
      inFlightEveryNs =
          Math.clamp(IN_FLIGHT_SPACING * took, IN_FLIGHT_EVERY_NS, IN_FLIGHT_AT_MOST_EVERY_NS);
    }
    BpfRing ring = capture.ring();
    long n;
    do {
      MemorySegment chunk = piece(last);
      if (chunk == null) {
        return false;
      }
      n = ring.copyAvailable(chunk, chunk.byteSize() - MARK_ROOM);
      long mark = lossMark(chunk, n);
      queueOrGive(chunk, n + mark);
    } while (n > 0 && ring.pending() > 0);
    if (last) {
      all = copyInFlight(true);
    }
    beforeUnprinted = start - ORDER_WINDOW_NS;
    return all;
  }

  private boolean copyInFlight(boolean last) throws InterruptedException {
    boolean resume = false;
    do {
      MemorySegment chunk = piece(last);
      if (chunk == null) {
        return false;
      }
      long n;
      try {
        n = capture.copyInFlight(chunk, resume);
      } catch (PerfException e) {
        n = 0; // the map could not be read: in-flight calls show at their return only
      }
      queueOrGive(chunk, n);
      resume = true;
    } while (capture.inFlightLeft());
    return true;
  }

  /**
   * Where the next piece is copied: a chunk of the pool, else the spill file's staging segment
   * while it has room, else (the last pass) a chunk the printer gives back, or null.
   */
  private MemorySegment piece(boolean last) throws InterruptedException {
    MemorySegment chunk = pool.take();
    if (chunk != null) {
      return chunk;
    }
    if (spill != null && spill.hasRoom(spill.staging().byteSize())) {
      return spill.staging();
    }
    return last ? pool.takeWaiting() : null;
  }

  private void queueOrGive(MemorySegment chunk, long n) {
    if (spill != null && chunk == spill.staging()) {
      if (n > 0) {
        spilled(n);
      }
      return;
    }
    if (n > 0) {
      pool.queued(n);
      queue.add(new PrinterThread.PairedChunk(chunk, n, decoder));
    } else {
      pool.give(chunk, 0);
    }
  }

  /** Writes the staging segment's n bytes to the spill file and queues where they went. */
  private void spilled(long n) {
    try {
      long at = spill.append(n);
      queue.add(new PrinterThread.SpilledChunk(spill, at, n, decoder));
    } catch (IOException e) {
      // the disk is full: these calls are lost, and later ones are the kernel's to drop
      long[] calls = {0};
      BpfRing.forEachRecord(spill.staging(), n, (seg, off, size) -> calls[0]++);
      spillLost += calls[0];
      spill = null;
    }
  }

  /** Appends a loss mark after n bytes when more calls were lost; returns its framed size. */
  private long lossMark(MemorySegment chunk, long n) {
    long lost;
    try {
      lost = capture.lostCalls();
    } catch (PerfException e) {
      return 0;
    }
    if (lost + spillLost <= lostReported || n + MARK_ROOM > chunk.byteSize()) {
      return 0;
    }
    long count = lost + spillLost - lostReported;
    lostReported = lost + spillLost;
    return BpfRing.frameAt(
        chunk, n, (dst, off) -> PairedRecordDecoder.writeLost(dst, off, beforeUnprinted, count));
  }
}
