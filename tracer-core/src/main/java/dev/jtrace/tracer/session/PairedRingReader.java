package dev.jtrace.tracer.session;

import dev.jtrace.tracer.bpf.BpfRing;
import dev.jtrace.tracer.bpf.PairedCapture;
import dev.jtrace.tracer.event.PairedRecordDecoder;
import dev.jtrace.tracer.perf.PerfException;
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

  private final PairedCapture capture;
  private final ChunkPool pool;
  private final BlockingQueue<PrinterThread.Item> queue;
  private final BpfRing.Sink decoder;
  private long lostReported;

  PairedRingReader(
      PairedCapture capture,
      ChunkPool pool,
      BlockingQueue<PrinterThread.Item> queue,
      BpfRing.Sink decoder) {
    this.capture = capture;
    this.pool = pool;
    this.queue = queue;
    this.decoder = decoder;
  }

  /** Detaches the programs: what they wrote stays to be copied. */
  void stop() {
    capture.stop();
  }

  /**
   * One pass; the last one copies the ring before the calls left in flight. Returns false when the
   * chunks ran out (the printer is far behind).
   */
  boolean copy(boolean last) throws InterruptedException {
    boolean all = true;
    if (!last) {
      all = copyInFlight(false);
    }
    MemorySegment chunk = last ? pool.takeWaiting() : pool.take();
    if (chunk == null) {
      return false;
    }
    long n = capture.ring().copyAvailable(chunk);
    n += lossMark(chunk, n);
    queueOrGive(chunk, n);
    if (last) {
      all = copyInFlight(true);
    }
    return all;
  }

  private boolean copyInFlight(boolean last) throws InterruptedException {
    MemorySegment chunk = last ? pool.takeWaiting() : pool.take();
    if (chunk == null) {
      return false;
    }
    long n;
    try {
      n = capture.copyInFlight(chunk);
    } catch (PerfException e) {
      n = 0; // the map could not be read: in-flight calls show at their return only
    }
    queueOrGive(chunk, n);
    return true;
  }

  private void queueOrGive(MemorySegment chunk, long n) {
    if (n > 0) {
      queue.add(new PrinterThread.PairedChunk(chunk, n, decoder));
    } else {
      pool.give(chunk);
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
    if (lost <= lostReported || n + 256 > chunk.byteSize()) {
      return 0;
    }
    long count = lost - lostReported;
    lostReported = lost;
    return BpfRing.frameAt(
        chunk, n, (dst, off) -> PairedRecordDecoder.writeLost(dst, off, System.nanoTime(), count));
  }
}
