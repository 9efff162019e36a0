package dev.jtrace.tracer.bpf;

import dev.jtrace.tracer.perf.NativeCalls;
import dev.jtrace.tracer.perf.PerfException;
import dev.jtrace.tracer.perf.RingBuffer;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

/**
 * The user-space side of a BPF ring buffer map (BPF_MAP_TYPE_RINGBUF): the consumer position page
 * mapped writable, the producer page and the data (mapped twice in a row by the kernel, so a record
 * never wraps) read-only. Each record: a u32 length with a busy and a discard bit, a u32 page
 * offset, the data, padded to 8.
 */
public final class BpfRing implements AutoCloseable {
  private static final int BUSY = 1 << 31;
  private static final int DISCARD = 1 << 30;
  private static final int RECORD_HEADER = 8;
  private static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle();
  private static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();

  /** Called with each record's data. */
  @FunctionalInterface
  public interface Sink {
    void record(MemorySegment s, long offset, int length);
  }

  private final MemorySegment consumer;
  private final MemorySegment producer;
  private final MemorySegment data;
  private final long mask;
  private boolean closed;

  private BpfRing(MemorySegment consumer, MemorySegment producer, long size) {
    this.consumer = consumer;
    this.producer = producer;
    this.data = producer.asSlice(RingBuffer.PAGE_SIZE, 2 * size);
    this.mask = size - 1;
  }

  /** Maps the ring buffer map mapFd of size bytes (a power of two, whole pages). */
  static BpfRing map(int mapFd, long size) throws PerfException {
    MemorySegment consumer = NativeCalls.mmapShared(mapFd, RingBuffer.PAGE_SIZE);
    try {
      MemorySegment producer =
          NativeCalls.mmapReadOnly(mapFd, RingBuffer.PAGE_SIZE + 2 * size, RingBuffer.PAGE_SIZE);
      return new BpfRing(consumer, producer, size);
    } catch (PerfException e) {
      NativeCalls.munmap(consumer);
      throw e;
    }
  }

  /** The ring's data size: a copy of everything available fits in this many bytes. */
  public long dataBytes() {
    return mask + 1;
  }

  /**
   * Copies every committed record (up to the first one still being written) to dst at 0 and
   * releases the space; returns the byte count (records keep their headers).
   */
  public long copyAvailable(MemorySegment dst) {
    return copyAvailable(dst, dst.byteSize());
  }

  /**
   * Copies committed records (up to the first one still being written, and as many whole ones as
   * fit in room bytes) to dst at 0 and releases their space; returns the byte count. What did not
   * fit stays for the next copy ({@link #pending}).
   */
  public long copyAvailable(MemorySegment dst, long room) {
    long cons = (long) LONG.get(consumer, 0L);
    long prod = (long) LONG.getAcquire(producer, 0L);
    long pos = cons;
    while (pos < prod) {
      int header = (int) INT.getAcquire(data, pos & mask);
      if ((header & BUSY) != 0) {
        break;
      }
      int length = header & ~(BUSY | DISCARD);
      long next = pos + ((RECORD_HEADER + length + 7) & -8L);
      if (next - cons > room) {
        break;
      }
      pos = next;
    }
    long n = pos - cons;
    if (n > 0) {
      MemorySegment.copy(data, cons & mask, dst, 0, n);
      LONG.setRelease(consumer, 0L, pos);
    }
    return n;
  }

  /** Bytes written to the ring and not yet copied out (committed or still being written). */
  public long pending() {
    return (long) LONG.getAcquire(producer, 0L) - (long) LONG.get(consumer, 0L);
  }

  /** Hands each record of a copy made by {@link #copyAvailable} (or framed alike) to sink. */
  public static void forEachRecord(MemorySegment copy, long length, Sink sink) {
    long off = 0;
    while (off + RECORD_HEADER <= length) {
      int header = copy.get(ValueLayout.JAVA_INT_UNALIGNED, off);
      int size = header & ~(BUSY | DISCARD);
      if (off + RECORD_HEADER + size > length) {
        return;
      }
      if ((header & DISCARD) == 0) {
        sink.record(copy, off + RECORD_HEADER, size);
      }
      off += (RECORD_HEADER + size + 7) & -8L;
    }
  }

  /** The length of the record whose data starts at dataOffset of a copy (as the sink was told). */
  public static int recordLength(MemorySegment copy, long dataOffset) {
    return copy.get(ValueLayout.JAVA_INT_UNALIGNED, dataOffset - RECORD_HEADER) & ~(BUSY | DISCARD);
  }

  /** Writes one record's data at an offset and returns its length. */
  @FunctionalInterface
  public interface RecordWriter {
    int write(MemorySegment dst, long off);
  }

  /** Frames a record the writer puts at off (after its header); returns the framed size. */
  public static long frameAt(MemorySegment dst, long off, RecordWriter writer) {
    int length = writer.write(dst, off + RECORD_HEADER);
    frame(dst, off, length);
    return framedSize(length);
  }

  /** Writes a record header for length bytes at off (to frame copies made elsewhere alike). */
  static long frame(MemorySegment dst, long off, int length) {
    dst.set(ValueLayout.JAVA_INT_UNALIGNED, off, length);
    dst.set(ValueLayout.JAVA_INT_UNALIGNED, off + 4, 0);
    return off + RECORD_HEADER;
  }

  /** The space a framed record of length bytes takes. */
  static long framedSize(int length) {
    return (RECORD_HEADER + length + 7) & -8L;
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      NativeCalls.munmap(consumer);
      NativeCalls.munmap(producer);
    }
  }
}
