package dev.jtrace.tracer.session;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Native buffers, each as large as a ring, that carry copied ring data from the reader to the printer. Off
 * the Java heap so the garbage collector never copies them; recycled, and grown only while the printer lags.
 */
final class ChunkPool {
  private final long size;
  private final ConcurrentLinkedQueue<MemorySegment> free = new ConcurrentLinkedQueue<>();

  ChunkPool(long size) {
    this.size = size;
  }

  MemorySegment take() {
    MemorySegment s = free.poll();
    return s != null ? s : Arena.ofAuto().allocate(size, 8);
  }

  void give(MemorySegment s) {
    free.add(s);
  }
}
