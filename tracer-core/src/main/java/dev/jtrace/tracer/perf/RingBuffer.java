package dev.jtrace.tracer.perf;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

/**
 * A perf event's mmap'd ring: one control page then 2^n data pages. The reader loads data_head with
 * acquire semantics, reads the records up to it, then stores data_tail with release semantics so
 * the kernel may reuse the space. Not thread-safe: one reader per ring.
 */
public final class RingBuffer implements AutoCloseable {
  public static final int PAGE_SIZE = 4096;
  private static final long DATA_HEAD = 1024;
  private static final long DATA_TAIL = 1032;
  private static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle();

  private final PerfEvent owner;
  private final int cpu;
  private final MemorySegment map;
  private final MemorySegment data;
  private final long mask;
  private final MemorySegment scratch = Arena.ofAuto().allocate(65536, 8);
  private boolean closed;

  private RingBuffer(PerfEvent owner, int cpu, MemorySegment map, long dataPages) {
    this.owner = owner;
    this.cpu = cpu;
    this.map = map;
    this.data = map.asSlice(PAGE_SIZE, dataPages * PAGE_SIZE);
    this.mask = dataPages * PAGE_SIZE - 1;
  }

  /** Maps dataPages (a power of two) data pages for event. */
  public static RingBuffer map(PerfEvent event, int cpu, int dataPages) throws PerfException {
    if (Integer.bitCount(dataPages) != 1) {
      throw new PerfException("ring size must be a power of two pages, got " + dataPages, 0);
    }
    try {
      MemorySegment m = NativeCalls.mmapShared(event.fd(), (long) (dataPages + 1) * PAGE_SIZE);
      return new RingBuffer(event, cpu, m, dataPages);
    } catch (PerfException e) {
      throw new PerfException(
          "cannot map the ring of "
              + event.description()
              + " on cpu "
              + cpu
              + ": "
              + e.getMessage()
              + (e.errno() == NativeCalls.EPERM
                  ? " (lower -m or raise /proc/sys/kernel/perf_event_mlock_kb)"
                  : ""),
          e.errno());
    }
  }

  public PerfEvent owner() {
    return owner;
  }

  public int cpu() {
    return cpu;
  }

  public long dataBytes() {
    return mask + 1;
  }

  /**
   * Releases every available record unread (a ring whose wakeups are what matters, not its
   * records).
   */
  public void discard() {
    LONG.setRelease(map, DATA_TAIL, (long) LONG.getAcquire(map, DATA_HEAD));
  }

  /** Hands every available record to sink, then releases the space; returns the record count. */
  public int drain(RecordSink sink) {
    long head = (long) LONG.getAcquire(map, DATA_HEAD);
    long tail = (long) LONG.get(map, DATA_TAIL);
    int n = 0;
    while (tail < head) {
      long off = tail & mask;
      long header = readLongWrapped(off);
      int type = (int) header;
      int misc = (int) (header >>> 32) & 0xffff;
      int size = (int) (header >>> 48) & 0xffff;
      if (size < 8) {
        break; // corrupt; skip the rest rather than spin
      }
      if (off + size <= data.byteSize()) {
        sink.record(data, off, type, misc, size);
      } else {
        long first = data.byteSize() - off;
        MemorySegment.copy(data, off, scratch, 0, first);
        MemorySegment.copy(data, 0, scratch, first, size - first);
        sink.record(scratch, 0, type, misc, size);
      }
      tail += size;
      n++;
    }
    LONG.setRelease(map, DATA_TAIL, head);
    return n;
  }

  /**
   * Copies every available byte (whole records, the wrap undone) to dst at 0 and releases the
   * space; returns the byte count. dst must hold {@link #dataBytes()}. The cheapest way to empty a
   * ring: no per-record work.
   */
  public long copyAvailable(MemorySegment dst) {
    long head = (long) LONG.getAcquire(map, DATA_HEAD);
    long tail = (long) LONG.get(map, DATA_TAIL);
    long n = head - tail;
    if (n <= 0) {
      return 0;
    }
    long off = tail & mask;
    long first = Math.min(n, data.byteSize() - off);
    MemorySegment.copy(data, off, dst, 0, first);
    if (first < n) {
      MemorySegment.copy(data, 0, dst, first, n - first);
    }
    LONG.setRelease(map, DATA_TAIL, head);
    return n;
  }

  /** Hands each record of a linear copy made by {@link #copyAvailable} to sink. */
  public static void forEachRecord(MemorySegment copy, long length, RecordSink sink) {
    long off = 0;
    while (off + 8 <= length) {
      long header = copy.get(ValueLayout.JAVA_LONG_UNALIGNED, off);
      int size = (int) (header >>> 48) & 0xffff;
      if (size < 8 || off + size > length) {
        return;
      }
      sink.record(copy, off, (int) header, (int) (header >>> 32) & 0xffff, size);
      off += size;
    }
  }

  private long readLongWrapped(long off) {
    if (off + 8 <= data.byteSize()) {
      return data.get(ValueLayout.JAVA_LONG_UNALIGNED, off);
    }
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v |= (data.get(ValueLayout.JAVA_BYTE, (off + i) & mask) & 0xffL) << (8 * i);
    }
    return v;
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      NativeCalls.munmap(map);
    }
  }
}
