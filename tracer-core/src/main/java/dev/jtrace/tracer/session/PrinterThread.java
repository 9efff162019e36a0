package dev.jtrace.tracer.session;

import dev.jtrace.tracer.bpf.BpfRing;
import dev.jtrace.tracer.capture.ReorderBuffer;
import dev.jtrace.tracer.event.Lost;
import dev.jtrace.tracer.event.RingRecordDecoder;
import dev.jtrace.tracer.event.TraceRecord;
import dev.jtrace.tracer.perf.NativeCalls;
import dev.jtrace.tracer.perf.RingBuffer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The printer side of a live run: takes the reader's chunks off the queue, decodes them, merges the
 * CPUs in time order and feeds the processor, at a lower priority than the reader, so its pace
 * never makes the kernel drop records.
 */
final class PrinterThread {
  private static final int PRINTER_NICE = 5;

  /**
   * What the reader hands the printer: copied ring bytes, a time up to which order is final, the
   * end.
   */
  sealed interface Item permits Chunk, PairedChunk, Limit, End {}

  record Chunk(MemorySegment data, long length) implements Item {}

  /** Copied records of the paired BPF capture, for its own decoder. */
  record PairedChunk(MemorySegment data, long length, BpfRing.Sink decoder) implements Item {}

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
  private final TraceProcessor processor;
  private final AtomicBoolean stop;
  private final Thread thread;
  private volatile Throwable failure;

  /**
   * @param warmup runs first, on this thread, before the first chunk is decoded
   * @param stop set when the printer is done early (--max-events) or failed
   */
  PrinterThread(
      ChunkPool pool,
      RingRecordDecoder decoder,
      ReorderBuffer reorder,
      TraceProcessor processor,
      Runnable warmup,
      AtomicBoolean stop) {
    this.pool = pool;
    this.decoder = decoder;
    this.reorder = reorder;
    this.processor = processor;
    this.stop = stop;
    this.thread =
        Thread.ofPlatform()
            .name("jtrace-printer")
            .unstarted(
                () -> {
                  // The printer may lag; the reader must not. Let the scheduler favour the reader.
                  NativeCalls.setThreadNice(NativeCalls.gettid(), PRINTER_NICE);
                  warmup.run();
                  try {
                    print();
                  } catch (Throwable t) {
                    failure = t;
                    stop.set(true);
                  }
                });
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
          try {
            processor.process(r);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        };
    while (true) {
      switch (queue.take()) {
        case Chunk c -> {
          RingBuffer.forEachRecord(c.data, c.length, decoder);
          pool.give(c.data);
        }
        case PairedChunk c -> {
          BpfRing.forEachRecord(c.data, c.length, c.decoder);
          pool.give(c.data);
        }
        case Limit l -> {
          reorder.flushUpTo(l.time, feed);
          processor.flush();
          if (processor.done()) {
            stop.set(true);
          }
        }
        case End e -> {
          reorder.flushAll(feed);
          long unreported = e.kernelLost - decoder.lost();
          if (unreported > 0) {
            processor.process(new Lost(System.nanoTime(), -1, unreported));
          }
          processor.finish();
          return;
        }
      }
    }
  }
}
