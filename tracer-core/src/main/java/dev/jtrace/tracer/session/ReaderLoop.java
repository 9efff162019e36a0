package dev.jtrace.tracer.session;

import dev.jtrace.tracer.capture.FdWatch;
import dev.jtrace.tracer.capture.SyscallCapture;
import dev.jtrace.tracer.perf.PerfException;
import dev.jtrace.tracer.perf.RingBuffer;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

/**
 * The reader side of a live run: sleeps in poll until a ring passes its watermark (or the fd watch
 * fires, the workload exits, 100 ms pass), copies every ring's new bytes into chunks, releasing the
 * ring at once, and queues them for the {@link PrinterThread}. It decodes nothing but the optional
 * scan for new fds.
 */
final class ReaderLoop {
  /** Records stamped earlier than this before a drain began are assumed fully written. */
  private static final long REORDER_WINDOW_NS = 5_000_000;

  private static final int POLL_MS = 100;

  private final SyscallCapture capture;
  private final FdWatch watch;
  private final ChunkPool pool;
  private final NewFdScanner scanner;
  private final BlockingQueue<PrinterThread.Item> queue;

  /** The paired BPF capture's ring and in-flight calls, or null. */
  private PairedRingReader paired;

  /**
   * @param watch the fd watch, or null
   * @param scanner reads new fds' paths from /proc as their returns are copied, or null
   */
  ReaderLoop(
      SyscallCapture capture,
      FdWatch watch,
      ChunkPool pool,
      NewFdScanner scanner,
      BlockingQueue<PrinterThread.Item> queue) {
    this.capture = capture;
    this.watch = watch;
    this.pool = pool;
    this.scanner = scanner;
    this.queue = queue;
  }

  /** The longest time between two passes (-v reports it: a ring fills while no pass runs). */
  private long longestGapNs;

  long longestGapNs() {
    return longestGapNs;
  }

  /** Also copies the paired capture's records each pass (its ring wakes no one: a timer drains). */
  ReaderLoop alsoCopying(PairedRingReader paired) {
    this.paired = paired;
    return this;
  }

  /**
   * Copies until stop is set or goOn says the targets are gone, then disables the events, copies
   * what is left and queues the end.
   */
  void run(AtomicBoolean stop, BooleanSupplier goOn) throws PerfException, InterruptedException {
    long lastPass = System.nanoTime();
    while (!stop.get()) {
      capture.await(paired != null ? PairedRingReader.DRAIN_MS : POLL_MS);
      long now = System.nanoTime();
      longestGapNs = Math.max(longestGapNs, now - lastPass);
      lastPass = now;
      long limit = System.nanoTime() - REORDER_WINDOW_NS;
      if (watch != null) {
        watch.discard(); // it only woke us; the scan below reads the paths
      }
      if (copyRings(false)) {
        queue.add(new PrinterThread.Limit(limit));
      } // else a ring was left uncopied: its older records come later, so order is not final yet
      if (!goOn.getAsBoolean()) {
        break;
      }
    }
    capture.disable();
    if (paired != null) {
      paired.stop();
    }
    copyRings(true);
    queue.add(new PrinterThread.End(capture.kernelLost()));
  }

  /**
   * Whether a copy of n bytes took (nearly) all the ring holds: no room was left for a record, so
   * the kernel may have begun dropping.
   */
  private static boolean full(RingBuffer ring, long n) {
    return n > ring.dataBytes() - FULL_SLACK;
  }

  /** Less room than this left in a ring counts as full (a syscall record is about 100 bytes). */
  private static final int FULL_SLACK = 512;

  /**
   * Empties every ring into chunks for the printer. The only per-record work is the optional scan
   * for new fds, whose paths must be read from /proc before the process closes them (and, after a
   * loss, of the fds to re-learn). Returns whether every ring was copied (false when the chunks ran
   * out).
   */
  private boolean copyRings(boolean last) throws InterruptedException {
    List<MemorySegment> chunks = new ArrayList<>(capture.rings().size());
    List<Long> lengths = new ArrayList<>(capture.rings().size());
    List<RingBuffer> from = new ArrayList<>(capture.rings().size());

    boolean all = paired == null || paired.copy(last);
    for (RingBuffer ring : capture.rings()) {
      MemorySegment chunk = pool.takeWaiting();
      if (chunk == null) {
        all = false;
        break; // the printer is stuck (or gone): let the kernel drop and count
      }
      long n = ring.copyAvailable(chunk);
      if (n == 0) {
        pool.give(chunk, 0);
        continue;
      }
      pool.queued(n);
      chunks.add(chunk);
      lengths.add(n);
      from.add(ring);
    }
    boolean[] full = new boolean[chunks.size()];
    for (int i = 0; i < full.length; i++) {
      full[i] = full(from.get(i), lengths.get(i));
    }
    NewFdScanner.Relearned relearned = null;
    if (scanner != null && !chunks.isEmpty()) {
      relearned = scanner.scan(chunks, lengths, full);
    }
    for (int i = 0; i < chunks.size(); i++) {
      queue.add(new PrinterThread.Chunk(chunks.get(i), lengths.get(i), from.get(i).cpu(), full[i]));
    }
    if (relearned != null) {
      queue.add(relearned);
    }
    return all;
  }
}
