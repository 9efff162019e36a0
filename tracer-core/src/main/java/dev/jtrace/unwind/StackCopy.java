package dev.jtrace.unwind;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The sampled copy of a user stack (PERF_SAMPLE_STACK_USER): {@code size} bytes from the stack
 * pointer at the sample, wherever they are (a ring, a file's record). Reads outside it fail: the
 * unwinder stops there. Reset per sample, never reallocated.
 */
public final class StackCopy {
  private MemorySegment segment = MemorySegment.NULL;
  private long offset;
  private long base;
  private long size;

  /**
   * Points at a new copy: {@code size} bytes at {@code offset} in {@code s} are from {@code sp}.
   */
  public StackCopy reset(MemorySegment s, long offset, long sp, long size) {
    this.segment = s;
    this.offset = offset;
    this.base = sp;
    this.size = Math.max(0, size);
    return this;
  }

  /** The stack pointer the copy starts at. */
  public long base() {
    return base;
  }

  public long size() {
    return size;
  }

  /** Whether the 8 bytes at this address are in the copy. */
  public boolean has(long address) {
    long d = address - base;
    return d >= 0 && d <= size - 8;
  }

  /** The u64 at this address; call {@link #has} first. */
  public long read(long address) {
    return segment.get(ValueLayout.JAVA_LONG_UNALIGNED, offset + (address - base));
  }
}
