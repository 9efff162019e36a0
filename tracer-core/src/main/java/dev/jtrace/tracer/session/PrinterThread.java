package dev.jtrace.tracer.session;

import dev.jtrace.perf.abi.RecordType;
import dev.jtrace.tracer.capture.ReorderBuffer;
import dev.jtrace.tracer.event.Lost;
import dev.jtrace.tracer.event.PairedRecordDecoder;
import dev.jtrace.tracer.event.PairedSyscall;
import dev.jtrace.tracer.event.RingRecordDecoder;
import dev.jtrace.tracer.event.SyscallEnter;
import dev.jtrace.tracer.event.SyscallExit;
import dev.jtrace.tracer.event.SyscallString;
import dev.jtrace.tracer.event.TraceRecord;
import dev.jtrace.tracer.perf.NativeCalls;
import dev.jtrace.tracer.perf.RecordSink;
import dev.jtrace.tracer.perf.RingBuffer;
import dev.jtrace.tracer.state.FdTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The printer side of a live run: takes the reader's chunks off the queue, decodes them, merges the
 * CPUs in time order and feeds the processor, at a lower priority than the reader, so its pace
 * never makes the kernel drop records.
 *
 * <p>When the run is stopped (Ctrl-C, SIGTERM) the backlog is printed for at most {@link
 * #DRAIN_AFTER_STOP_NS}, as perf trace prints what it has; chunks still queued after that are not
 * decoded but their records counted, and reported as lost with the kernel's, so stopping under load
 * takes well under a second whatever the printer's lag.
 */
final class PrinterThread {
  /**
   * The printer's nice when nothing but the printer's own lag is at stake: the workload's own. The
   * reader runs at -10 and always wins; a printer niced below the traced load (it was +5) got a
   * twentieth of a CPU under -a with stress-ng and printed 2.6 times fewer lines, and without a
   * spill file its lag is the kernel's loss.
   */
  private static final int PRINTER_NICE = 0;

  /**
   * The printer's nice while a spill file holds its backlog with room to spare: the traced workload
   * goes first (on 2 CPUs a printer at the workload's nice took its CPU: dd 500k ran 0.63 s traced,
   * 0.475 s with the printer at 10), and the printer catches up after, losing nothing.
   */
  static final int PRINTER_NICE_SPILLING = 10;

  /** Past this share of the spill limit waiting, the printer takes its fair share again. */
  private static final double SPILL_HURRY = 0.5;

  /** Below this share it yields to the workload again. */
  private static final double SPILL_RELAX = 0.1;

  /** How long the backlog is still printed after a stop. */
  static final long DRAIN_AFTER_STOP_NS = 500_000_000L;

  /**
   * What the reader hands the printer: copied ring bytes, a time up to which order is final, fds
   * re-learned from /proc after a loss, the end.
   */
  sealed interface Item
      permits Chunk, PairedChunk, SpilledChunk, Limit, End, NewFdScanner.Relearned {}

  /** A copy of cpu's ring; full: the copy took all the ring held (drops may have begun). */
  record Chunk(MemorySegment data, long length, int cpu, boolean full) implements Item {}

  /** Copied records of the paired BPF capture, for its own decoder. */
  record PairedChunk(MemorySegment data, long length, PairedRecordDecoder decoder)
      implements Item {}

  /** Records of the paired capture the reader wrote to the spill file, at offset, length long. */
  record SpilledChunk(SpillFile spill, long offset, long length, PairedRecordDecoder decoder)
      implements Item {}

  record Limit(long time) implements Item {}

  /**
   * kernelLost: every drop the kernel counted, so drops never followed by a LOST record are
   * reported.
   */
  record End(long kernelLost) implements Item {}

  private final BlockingQueue<Item> queue = new LinkedBlockingQueue<>();
  private final ChunkPool pool;
  private final RingRecordDecoder decoder;
  private final ReorderBuffer reorder;

  /** The paired capture's chunks, held while their records wait in the reorder buffer. */
  private final PairedRefs pairedRefs;

  private final TraceProcessor processor;
  private final FdTable fds;
  private final AtomicBoolean stop;

  /** Re-learned fds not yet applied, oldest first: each waits for its point of the stream. */
  private final ArrayDeque<NewFdScanner.Relearned> relearned = new ArrayDeque<>();

  private final Thread thread;
  private volatile Throwable failure;

  /** When, after a stop, queued chunks stop being printed; 0 until stop is seen. */
  private long drainDeadline;

  /** Records in the chunks dropped after the drain deadline. */
  private long dropped;

  private final RecordCounter counter = new RecordCounter();

  /** Records handed to the processor, and the printer thread's CPU time when it ended (-v). */
  private long processed;

  private volatile long cpuNs = -1;

  /** The spill file whose backlog sets the printer's nice, or null (then it stays at 0). */
  private SpillFile pacedBy;

  private int tid;

  /** The nice last set on this thread, or MIN_VALUE before the first (it inherits the reader's). */
  private int nice = Integer.MIN_VALUE;

  /**
   * @param fds the processor's fd table, where re-learned fds go
   * @param warmup runs first, on this thread, before the first chunk is decoded
   * @param stop set when the printer is done early (--max-events) or failed
   */
  PrinterThread(
      ChunkPool pool,
      RingRecordDecoder decoder,
      PairedRefs pairedRefs,
      ReorderBuffer reorder,
      TraceProcessor processor,
      FdTable fds,
      Runnable warmup,
      AtomicBoolean stop) {
    this.pool = pool;
    this.decoder = decoder;
    this.pairedRefs = pairedRefs;
    this.reorder = reorder;
    this.processor = processor;
    this.fds = fds;
    this.stop = stop;
    this.thread =
        Thread.ofPlatform()
            .name("jtrace-printer")
            .unstarted(
                () -> {
                  // The printer may lag; the reader must not: the reader's own nice favours it.
                  tid = NativeCalls.gettid();
                  pace();
                  warmup.run();
                  try {
                    print();
                  } catch (Throwable t) {
                    failure = t;
                    stop.set(true);
                  }
                });
  }

  /** Lets the printer yield to the workload while this spill file has room (see {@link #pace}). */
  void pacedBy(SpillFile spill) {
    pacedBy = spill;
  }

  /**
   * Sets the printer's nice from the spill file's backlog: {@link #PRINTER_NICE_SPILLING} while it
   * has room, {@link #PRINTER_NICE} once half the limit waits (with hysteresis), so the backlog is
   * lost only when the printer, at full share, still cannot keep up.
   */
  private void pace() {
    int want;
    if (pacedBy == null) {
      want = PRINTER_NICE;
    } else {
      double waiting = (double) pacedBy.pending() / pacedBy.limit();
      want =
          waiting > SPILL_HURRY
              ? PRINTER_NICE
              : waiting < SPILL_RELAX || nice == Integer.MIN_VALUE ? PRINTER_NICE_SPILLING : nice;
    }
    if (want != nice && NativeCalls.setThreadNice(tid, want)) {
      nice = want;
    }
  }

  /** Where the reader queues its items. */
  BlockingQueue<Item> queue() {
    return queue;
  }

  void start() {
    thread.start();
  }

  /** Waits for the end item to be processed; rethrows what made the printer fail. */
  void join() throws InterruptedException, IOException {
    thread.join();
    Throwable t = failure;
    if (t instanceof UncheckedIOException u) {
      throw u.getCause();
    }
    if (t instanceof IOException io) {
      throw io;
    }
    if (t != null) {
      throw new IllegalStateException(t);
    }
  }

  private void print() throws InterruptedException, IOException {
    Consumer<TraceRecord> feed =
        r -> {
          if (pastDrainDeadline() && !(r instanceof Lost)) {
            if (isSample(r) && !processor.done()) {
              dropped++;
            }
            return;
          }
          while (!relearned.isEmpty() && r.time() > relearned.peekFirst().time()) {
            relearned.pollFirst().fdsByPid().forEach(fds::relearn);
          }
          processed++;
          try {
            processor.process(r);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        };
    while (true) {
      switch (queue.take()) {
        case Chunk c -> {
          if (pastDrainDeadline()) {
            if (!processor.done()) {
              counter.samples = 0;
              RingBuffer.forEachRecord(c.data, c.length, counter);
              dropped += counter.samples;
            }
          } else {
            RingBuffer.forEachRecord(c.data, c.length, decoder);
            if (c.full) {
              decoder.ringWasFull(c.cpu);
            }
          }
          pool.give(c.data, c.length);
        }
        case PairedChunk c -> {
          pace();
          if (pastDrainDeadline()) {
            long calls = pairedRefs.drop(c);
            dropped += processor.done() ? 0 : calls;
          } else {
            pairedRefs.index(c.data, c.length, c.decoder);
            if (pairedRefs.overHeld()) {
              reorder.flushOldest(feed, pairedRefs::overHeld);
            }
          }
        }
        case SpilledChunk c -> {
          pace();
          if (pastDrainDeadline()) {
            dropped += processor.done() ? 0 : pairedRefs.callsSpilled(c);
          } else {
            pairedRefs.indexSpilled(c.spill, c.offset, c.length, c.decoder);
            if (pairedRefs.overHeld()) {
              reorder.flushOldest(feed, pairedRefs::overHeld);
            }
          }
        }
        case Limit l -> {
          reorder.flushUpTo(l.time, feed);
          processor.flush();
          if (processor.done()) {
            stop.set(true);
          }
        }
        case NewFdScanner.Relearned r -> relearned.addLast(r);
        case End e -> {
          reorder.flushAll(feed);
          long unreported = Math.max(0, e.kernelLost - decoder.lost()) + dropped;
          if (unreported > 0) {
            processor.process(new Lost(System.nanoTime(), -1, unreported));
          }
          processor.finish();
          cpuNs = threadCpuNs();
          return;
        }
      }
    }
  }

  /** Records the processor got (valid after {@link #join}). */
  long processed() {
    return processed;
  }

  /** The printer thread's CPU time, or -1 when unknown (valid after {@link #join}). */
  long cpuNs() {
    return cpuNs;
  }

  /** This thread's time on a CPU so far, from the scheduler's statistics, or -1. */
  private static long threadCpuNs() {
    try {
      String stat = Files.readString(Path.of("/proc/thread-self/schedstat"));
      return Long.parseLong(stat.substring(0, stat.indexOf(' ')));
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /** Whether the run was stopped long enough ago that the backlog is no longer printed. */
  private boolean pastDrainDeadline() {
    if (!stop.get()) {
      return false;
    }
    long now = System.nanoTime();
    if (drainDeadline == 0) {
      drainDeadline = now + DRAIN_AFTER_STOP_NS;
    }
    return now - drainDeadline > 0;
  }

  /**
   * Whether r came from a sample record (what the kernel's and the drop counts count): a paired
   * call counts once, by its record with the return (a call still in flight at the end is not
   * lost).
   */
  private static boolean isSample(TraceRecord r) {
    return r instanceof SyscallEnter
        || r instanceof SyscallExit
        || r instanceof SyscallString
        || (r instanceof PairedSyscall p && p.kind() != PairedSyscall.Kind.IN_FLIGHT);
  }

  /** Counts the samples (syscall and string records) of a chunk that is not printed. */
  private static final class RecordCounter implements RecordSink {
    long samples;

    @Override
    public void record(MemorySegment s, long offset, int type, int misc, int size) {
      if (type == RecordType.SAMPLE) {
        samples++;
      }
    }
  }
}
