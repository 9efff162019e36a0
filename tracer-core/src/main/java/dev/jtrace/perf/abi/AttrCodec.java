package dev.jtrace.perf.abi;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Reads and writes {@code perf_event_attr} in either byte order. On a big-endian machine the C bit
 * fields are allocated from the most significant bit, so the flags word of a big-endian file is
 * read as its bytes in file order with each byte's bits reversed (what perf does when it swaps a
 * file).
 */
public final class AttrCodec {
  private AttrCodec() {}

  /**
   * Decodes the attr at {@code off}; {@code avail} bytes belong to it (the stride of the attrs
   * section, which may be larger or smaller than attr.size). Fields past both are zero.
   */
  public static EventAttr read(ByteBuffer b, int off, int avail) {
    int size = b.getInt(off + 4);
    int n = Math.min(avail, size == 0 ? EventAttr.SIZE_VER0 : size);
    return new EventAttr(
        b.getInt(off),
        size,
        u64(b, off, n, 8),
        u64(b, off, n, 16),
        u64(b, off, n, 24),
        u64(b, off, n, 32),
        n >= 48 ? flags(b, off + 40) : 0,
        u32(b, off, n, 48),
        u32(b, off, n, 52),
        u64(b, off, n, 56),
        u64(b, off, n, 64),
        u64(b, off, n, 72),
        u64(b, off, n, 80),
        u32(b, off, n, 88),
        u32(b, off, n, 92),
        u64(b, off, n, 96),
        u32(b, off, n, 104),
        n >= 110 ? Short.toUnsignedInt(b.getShort(off + 108)) : 0,
        u32(b, off, n, 112),
        u64(b, off, n, 120),
        u64(b, off, n, 128));
  }

  private static long u64(ByteBuffer b, int off, int n, int at) {
    return n >= at + 8 ? b.getLong(off + at) : 0;
  }

  private static int u32(ByteBuffer b, int off, int n, int at) {
    return n >= at + 4 ? b.getInt(off + at) : 0;
  }

  private static long flags(ByteBuffer b, int at) {
    if (b.order() == ByteOrder.LITTLE_ENDIAN) return b.getLong(at);
    long v = 0;
    for (int i = 0; i < 8; i++) {
      int reversed = Integer.reverse(b.get(at + i) & 0xff) >>> 24;
      v |= (long) reversed << (8 * i);
    }
    return v;
  }

  /**
   * Writes {@link EventAttr#SIZE_CURRENT} bytes at the buffer's position, in the buffer's byte
   * order.
   */
  public static void write(ByteBuffer b, EventAttr a) {
    int start = b.position();
    b.putInt(a.type())
        .putInt(EventAttr.SIZE_CURRENT)
        .putLong(a.config())
        .putLong(a.samplePeriod())
        .putLong(a.sampleType())
        .putLong(a.readFormat());
    if (b.order() == ByteOrder.LITTLE_ENDIAN) {
      b.putLong(a.flags());
    } else {
      for (int i = 0; i < 8; i++) {
        b.put((byte) (Integer.reverse((int) (a.flags() >>> (8 * i)) & 0xff) >>> 24));
      }
    }
    b.putInt(a.wakeupEvents())
        .putInt(a.bpType())
        .putLong(a.config1())
        .putLong(a.config2())
        .putLong(a.branchSampleType())
        .putLong(a.sampleRegsUser())
        .putInt(a.sampleStackUser())
        .putInt(a.clockid())
        .putLong(a.sampleRegsIntr())
        .putInt(a.auxWatermark())
        .putShort((short) a.sampleMaxStack())
        .putShort((short) 0)
        .putInt(a.auxSampleSize())
        .putInt(0)
        .putLong(a.sigData());
    if (b.position() - start != EventAttr.SIZE_CURRENT)
      throw new IllegalStateException("attr layout");
  }
}
