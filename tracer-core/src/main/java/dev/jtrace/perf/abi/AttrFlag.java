package dev.jtrace.perf.abi;

import java.util.Locale;

/** The bit fields of {@code perf_event_attr} after read_format, with their bit positions. */
public enum AttrFlag {
  DISABLED(0, 1),
  INHERIT(1, 1),
  PINNED(2, 1),
  EXCLUSIVE(3, 1),
  EXCLUDE_USER(4, 1),
  EXCLUDE_KERNEL(5, 1),
  EXCLUDE_HV(6, 1),
  EXCLUDE_IDLE(7, 1),
  MMAP(8, 1),
  COMM(9, 1),
  FREQ(10, 1),
  INHERIT_STAT(11, 1),
  ENABLE_ON_EXEC(12, 1),
  TASK(13, 1),
  WATERMARK(14, 1),
  PRECISE_IP(15, 2),
  MMAP_DATA(17, 1),
  SAMPLE_ID_ALL(18, 1),
  EXCLUDE_HOST(19, 1),
  EXCLUDE_GUEST(20, 1),
  EXCLUDE_CALLCHAIN_KERNEL(21, 1),
  EXCLUDE_CALLCHAIN_USER(22, 1),
  MMAP2(23, 1),
  COMM_EXEC(24, 1),
  USE_CLOCKID(25, 1),
  CONTEXT_SWITCH(26, 1),
  WRITE_BACKWARD(27, 1),
  NAMESPACES(28, 1),
  KSYMBOL(29, 1),
  BPF_EVENT(30, 1),
  AUX_OUTPUT(31, 1),
  CGROUP(32, 1),
  TEXT_POKE(33, 1),
  BUILD_ID(34, 1),
  INHERIT_THREAD(35, 1),
  REMOVE_ON_EXEC(36, 1),
  SIGTRAP(37, 1);

  private final int shift;
  private final long mask;

  AttrFlag(int shift, int width) {
    this.shift = shift;
    this.mask = (1L << width) - 1;
  }

  public long get(long flags) {
    return (flags >>> shift) & mask;
  }

  public long set(long flags) {
    return flags | (1L << shift);
  }

  public long clear(long flags) {
    return flags & ~(mask << shift);
  }

  /** The C field name, as perf prints it. */
  public String perfName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
