package dev.jtrace.unwind;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * x86_64: DWARF numbers 0..16 (rax rdx rcx rbx rsi rdi rbp rsp r8..r15, 16 the return address) and
 * the kernel's perf register indices (ax bx cx dx si di bp sp ip flags cs ss ds es fs gs r8..r15).
 */
final class X86_64Registers implements RegisterModel {
  static final X86_64Registers INSTANCE = new X86_64Registers();

  /** perf's x86_64 mask: all but ds/es/fs/gs (as perf record --call-graph dwarf asks). */
  static final long PERF_MASK = 0xff0fffL;

  private static final int PERF_IP = 8;
  private static final int PERF_SP = 7;

  /** DWARF number of each perf register index (-1: not a DWARF-tracked register). */
  private static final int[] DWARF_OF_PERF = {
    0, 3, 2, 1, 4, 5, 6, 7, 16, -1, -1, -1, -1, -1, -1, -1, 8, 9, 10, 11, 12, 13, 14, 15
  };

  private X86_64Registers() {}

  @Override
  public int registers() {
    return 17;
  }

  @Override
  public int stackPointer() {
    return 7;
  }

  @Override
  public int framePointer() {
    return 6;
  }

  @Override
  public int returnAddress() {
    return 16;
  }

  @Override
  public long sampleMask() {
    return PERF_MASK;
  }

  @Override
  public boolean fromPerf(
      long mask, long[] values, int from, int count, long[] dwarf, boolean[] known) {
    java.util.Arrays.fill(known, false);
    int k = 0;
    for (int bit = 0; bit < 64 && k < count; bit++) {
      if ((mask & (1L << bit)) == 0) {
        continue;
      }
      long v = values[from + k++];
      if (bit < DWARF_OF_PERF.length && DWARF_OF_PERF[bit] >= 0) {
        dwarf[DWARF_OF_PERF[bit]] = v;
        known[DWARF_OF_PERF[bit]] = true;
      }
    }
    return known[16] && known[7] && (mask & (1L << PERF_IP)) != 0 && (mask & (1L << PERF_SP)) != 0;
  }

  @Override
  public boolean fromPerf(
      long mask, MemorySegment s, long offset, int count, long[] dwarf, boolean[] known) {
    java.util.Arrays.fill(known, false);
    int k = 0;
    for (int bit = 0; bit < 64 && k < count; bit++) {
      if ((mask & (1L << bit)) == 0) {
        continue;
      }
      long v = s.get(ValueLayout.JAVA_LONG_UNALIGNED, offset + 8L * k++);
      if (bit < DWARF_OF_PERF.length && DWARF_OF_PERF[bit] >= 0) {
        dwarf[DWARF_OF_PERF[bit]] = v;
        known[DWARF_OF_PERF[bit]] = true;
      }
    }
    return known[16] && known[7];
  }
}
