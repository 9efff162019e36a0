package dev.jtrace.tracer.perf;

import java.lang.foreign.MemorySegment;

/**
 * Receives each record read from a ring, in ring order. The segment is only valid during the call:
 * the bytes live in the ring (or a scratch copy for records that wrap) and are overwritten
 * afterwards.
 */
@FunctionalInterface
public interface RecordSink {
  void record(MemorySegment segment, long offset, int type, int misc, int size);
}
