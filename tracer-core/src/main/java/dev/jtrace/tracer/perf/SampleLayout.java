package dev.jtrace.tracer.perf;

/**
 * Offsets inside the records the kernel writes for {@link PerfEventAttr#TRACER_SAMPLE_TYPE}. A sample is
 * header(8) id(8) pid/tid(8) time(8) cpu/res(8) raw_size(4) raw; raw tracepoint fields are therefore 4-byte
 * misaligned. Non-sample records end with the sample_id trailer pid/tid, time, cpu/res, id (32 bytes).
 */
public final class SampleLayout {
  private SampleLayout() {}

  public static final int HEADER = 8;
  public static final int SAMPLE_ID = 8;
  public static final int SAMPLE_PID = 16;
  public static final int SAMPLE_TID = 20;
  public static final int SAMPLE_TIME = 24;
  public static final int SAMPLE_CPU = 32;
  public static final int SAMPLE_RAW_SIZE = 40;
  public static final int SAMPLE_RAW = 44;

  /** Bytes of the sample_id trailer on non-sample records. */
  public static final int TRAILER = 32;
  /** Offset of the time from the end of a non-sample record. */
  public static final int TRAILER_TIME_FROM_END = 24;
  /** Offset of the cpu from the end of a non-sample record. */
  public static final int TRAILER_CPU_FROM_END = 16;

  /** Within raw tracepoint data: common_type (u16), common_pid (s32). */
  public static final int RAW_COMMON_TYPE = 0;
  public static final int RAW_COMMON_PID = 4;
  /** raw_syscalls id / syscalls:* __syscall_nr (read as s32 for both: little-endian). */
  public static final int RAW_NR = 8;
  /** First argument (sys_enter) or return value (sys_exit). */
  public static final int RAW_ARGS = 16;
}
