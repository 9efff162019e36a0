package dev.jtrace.tracer.session;

import dev.jtrace.tracer.bpf.BpfRing;
import dev.jtrace.tracer.capture.ReorderBuffer;
import dev.jtrace.tracer.event.PairedRecordDecoder;
import dev.jtrace.tracer.event.TraceRecord;
import dev.jtrace.tracer.perf.NativeCalls;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * The paired capture's chunks on the printer side: each record is put in order as a reference into
 * a copy of its chunk ({@link ReorderBuffer#addRef}) and decoded only when printed. The printer
 * then holds the records waiting for their order limit as their bytes, not as objects that outlive
 * young collections. The chunk itself goes back to the pool at once: the reader must never wait for
 * a chunk that only its own next limit would free. The copies ("slabs", the chunks' size, mapped
 * once and reused most recent first) are freed when their last record is printed.
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

  /** Slabs no record refers to any more, most recently freed last. */
  private final ArrayDeque<MemorySegment> freeSlabs = new ArrayDeque<>();

  /** Every slab mapped, to unmap at the end. */
  private final List<MemorySegment> mapped = new ArrayList<>();

  /** Bytes of slabs holding records still to print. */
  private long held;

  /**
   * The most bytes of records held for their order limit: beyond it the oldest are printed before
   * their order is known to be final (the reader's limits lag far behind a printer that is behind).
   */
  static final long HELD_BYTES = 32L << 20;

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

  /** Puts each record of a copied chunk in order and gives the chunk back. */
  void index(MemorySegment chunk, long length, PairedRecordDecoder decoder) {
    MemorySegment data = slab();
    MemorySegment.copy(chunk, 0, data, 0, length);
    pool.give(chunk, length);
    indexSlab(data, length, decoder);
  }

  /** Puts each record of a piece the reader spilled in order, read back into a slab. */
  void indexSpilled(SpillFile spill, long offset, long length, PairedRecordDecoder decoder)
      throws IOException {
    MemorySegment data = slab();
    try {
      spill.readBack(offset, length, data);
    } catch (IOException e) {
      freeSlabs.addLast(data);
      throw e;
    }
    indexSlab(data, length, decoder);
  }

  /** Gives a chunk dropped after a stop back and returns its calls (as {@link #callsSpilled}). */
  long drop(PrinterThread.PairedChunk c) {
    long calls = c.decoder().callsIn(c.data(), c.length());
    pool.give(c.data(), c.length());
    return calls;
  }

  /** The calls of a spilled piece (see {@link PairedRecordDecoder#callsIn}), read back. */
  long callsSpilled(PrinterThread.SpilledChunk c) throws IOException {
    MemorySegment data = slab();
    try {
      c.spill().readBack(c.offset(), c.length(), data);
      return c.decoder().callsIn(data, c.length());
    } finally {
      freeSlabs.addLast(data);
    }
  }

  private void indexSlab(MemorySegment data, long length, PairedRecordDecoder decoder) {
    held += data.byteSize();
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

  /** A free slab, of the pool's chunk size. */
  private MemorySegment slab() {
    MemorySegment s = freeSlabs.pollLast();
    return s != null ? s : ChunkPool.mapOrAllocate(pool.chunkBytes(), mapped);
  }

  /** Unmaps the slabs; no record may be left to print. */
  void close() {
    freeSlabs.clear();
    for (MemorySegment s : mapped) {
      NativeCalls.munmap(s);
    }
    mapped.clear();
  }

  /** Whether the records held for their order limit are more than {@link #HELD_BYTES}. */
  boolean overHeld() {
    return held > HELD_BYTES;
  }

  private void release(int slot) {
    held -= chunks[slot].byteSize();
    freeSlabs.addLast(chunks[slot]);
    chunks[slot] = null;
    decoders[slot] = null;
    free[freeCount++] = slot;
  }
}
