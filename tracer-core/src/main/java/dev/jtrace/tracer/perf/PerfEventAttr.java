package dev.jtrace.tracer.perf;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The subset of {@code struct perf_event_attr} a tracepoint tracer sets, as an immutable value written into
 * native memory on demand (layout of the 136-byte VER8 struct; the kernel accepts any known size).
 */
public record PerfEventAttr(
    int type,
    long config,
    long samplePeriod,
    long sampleType,
    boolean disabled,
    boolean inherit,
    boolean enableOnExec,
    boolean comm,
    boolean commExec,
    boolean task,
    boolean sampleIdAll,
    int wakeupWatermarkBytes,
    int clockId) {

  public static final int SIZE = 136;
  public static final int TYPE_TRACEPOINT = 2;

  public static final long SAMPLE_TID = 1L << 1;
  public static final long SAMPLE_TIME = 1L << 2;
  public static final long SAMPLE_CPU = 1L << 7;
  public static final long SAMPLE_RAW = 1L << 10;
  public static final long SAMPLE_IDENTIFIER = 1L << 16;

  /** The sample layout the tracer's decoder reads: see {@link SampleLayout}. */
  public static final long TRACER_SAMPLE_TYPE =
      SAMPLE_IDENTIFIER | SAMPLE_TID | SAMPLE_TIME | SAMPLE_CPU | SAMPLE_RAW;

  /**
   * read() returns {value, lost}: the samples the kernel dropped for this event and its inherited children,
   * including drops not yet reported by a PERF_RECORD_LOST (Linux 6.0+).
   */
  public static final long READ_FORMAT_LOST = 1L << 4;

  /** CLOCK_MONOTONIC: the clock of {@link System#nanoTime()}, so samples compare with the JVM's clock. */
  public static final int CLOCK_MONOTONIC = 1;

  /** A tracepoint sampled on every hit with the tracer's sample layout, disabled until enabled. */
  public static PerfEventAttr tracepoint(long id) {
    return new PerfEventAttr(
        TYPE_TRACEPOINT, id, 1, TRACER_SAMPLE_TYPE, true, false, false, false, false, false, true, 0,
        CLOCK_MONOTONIC);
  }

  public PerfEventAttr withInherit(boolean v) {
    return new PerfEventAttr(type, config, samplePeriod, sampleType, disabled, v, enableOnExec, comm,
        commExec, task, sampleIdAll, wakeupWatermarkBytes, clockId);
  }

  public PerfEventAttr withEnableOnExec(boolean v) {
    return new PerfEventAttr(type, config, samplePeriod, sampleType, disabled, inherit, v, comm,
        commExec, task, sampleIdAll, wakeupWatermarkBytes, clockId);
  }

  /** Also emit COMM (with exec marks), FORK and EXIT records. */
  public PerfEventAttr withTaskRecords(boolean v) {
    return new PerfEventAttr(type, config, samplePeriod, sampleType, disabled, inherit, enableOnExec, v,
        v, v, sampleIdAll, wakeupWatermarkBytes, clockId);
  }

  /** Wake the reader only when this many bytes are pending, instead of per event. */
  public PerfEventAttr withWakeupWatermark(int bytes) {
    return new PerfEventAttr(type, config, samplePeriod, sampleType, disabled, inherit, enableOnExec, comm,
        commExec, task, sampleIdAll, bytes, clockId);
  }

  /** The flags word at offset 40: bit numbers from the UAPI bitfield order. */
  long flags() {
    long f = 0;
    f |= disabled ? 1L : 0;
    f |= inherit ? 1L << 1 : 0;
    f |= comm ? 1L << 9 : 0;
    f |= enableOnExec ? 1L << 12 : 0;
    f |= task ? 1L << 13 : 0;
    f |= wakeupWatermarkBytes > 0 ? 1L << 14 : 0;
    f |= sampleIdAll ? 1L << 18 : 0;
    f |= commExec ? 1L << 24 : 0;
    f |= clockId >= 0 ? 1L << 25 : 0;
    return f;
  }

  /** Writes the struct into fresh zeroed memory of {@code arena}. */
  public MemorySegment write(Arena arena) {
    MemorySegment s = arena.allocate(SIZE, 8);
    s.set(ValueLayout.JAVA_INT, 0, type);
    s.set(ValueLayout.JAVA_INT, 4, SIZE);
    s.set(ValueLayout.JAVA_LONG, 8, config);
    s.set(ValueLayout.JAVA_LONG, 16, samplePeriod);
    s.set(ValueLayout.JAVA_LONG, 24, sampleType);
    s.set(ValueLayout.JAVA_LONG, 32, READ_FORMAT_LOST);
    s.set(ValueLayout.JAVA_LONG, 40, flags());
    s.set(ValueLayout.JAVA_INT, 48, wakeupWatermarkBytes > 0 ? wakeupWatermarkBytes : 1);
    if (clockId >= 0) {
      s.set(ValueLayout.JAVA_INT, 92, clockId);
    }
    return s;
  }
}
