package dev.jtrace.tracer.session;

import dev.jtrace.tracer.bpf.BpfRing;
import dev.jtrace.tracer.capture.ReorderBuffer;
import dev.jtrace.tracer.event.PairedRecordDecoder;
import dev.jtrace.tracer.event.TraceRecord;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * The paired capture's chunks on the printer side: each record is put in order as a reference into
 * its chunk ({@link ReorderBuffer#addRef}) and decoded only when printed, and a chunk goes back to
 * the pool once its last record is. The printer then holds a pass's records as their bytes, not as
 * objects that outlive young collections. A chunk read this way no longer counts as backlog in the
 * pool's bound: the records wait for the reader's next order limit, which the reader must be free
 * to reach.
 *
 * <p>A reference: the chunk's slot (bits 40 and up), whether the call was late when copied (bit 39:
 * its place is its exit), the record's offset in the chunk (bits 0-38).
 */
final class PairedRefs implements ReorderBuffer.RefDecoder {
  private static final int SLOT_SHIFT = 40;
  private static final long LATE = 1L << 39;
  private static final long OFFSET_MASK = LATE - 1;

  private final ChunkPool pool;
  private ReorderBuffer reorder;

  private MemorySegment[] chunks = new MemorySegment[64];
  private int[] remaining = new int[64];
  private PairedRecordDecoder[] decoders = new PairedRecordDecoder[64];

  /** Free slots, as a stack. */
  private int[] free = new int[64];

  private int freeCount;
  private int slots;

  PairedRefs(ChunkPool pool) {
    this.pool = pool;
  }

  /** The buffer the references go to (it decodes them through this). */
  void orderIn(ReorderBuffer reorder) {
    this.reorder = reorder;
  }

  /** Puts each record of a copied chunk in order; the chunk is held until all are printed. */
  void index(MemorySegment data, long length, PairedRecordDecoder decoder) {
    int slot = slot();
    chunks[slot] = data;
    decoders[slot] = decoder;
    long base = (long) slot << SLOT_SHIFT;
    int[] count = {0};
    BpfRing.forEachRecord(
        data,
        length,
        (s, off, size) -> {
          long key = decoder.orderKey(s, off, size);
          if (key != PairedRecordDecoder.DROPPED) {
            reorder.addRef(key, base | (decoder.late(s, off) ? LATE : 0) | off);
            count[0]++;
          }
        });
    remaining[slot] = count[0];
    pool.unqueued(length);
    if (count[0] == 0) {
      release(slot);
    }
  }

  @Override
  public void decode(long ref, Consumer<TraceRecord> out) {
    int slot = (int) (ref >>> SLOT_SHIFT);
    long off = ref & OFFSET_MASK;
    MemorySegment data = chunks[slot];
    decoders[slot].decode(data, off, BpfRing.recordLength(data, off), (ref & LATE) != 0, out);
    if (--remaining[slot] == 0) {
      release(slot);
    }
  }

  private int slot() {
    if (freeCount > 0) {
      return free[--freeCount];
    }
    if (slots == chunks.length) {
      int n = slots * 2;
      chunks = Arrays.copyOf(chunks, n);
      remaining = Arrays.copyOf(remaining, n);
      decoders = Arrays.copyOf(decoders, n);
      free = Arrays.copyOf(free, n);
    }
    return slots++;
  }

  private void release(int slot) {
    pool.give(chunks[slot], 0);
    chunks[slot] = null;
    decoders[slot] = null;
    free[freeCount++] = slot;
  }
}
