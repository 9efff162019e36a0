package dev.jtrace.perfdata;

/**
 * A {@code perf_event_attr} as stored in perf.data. Fields past the stored {@code size} read as zero. The
 * bit fields stay packed in {@link #flags} (bit numbers in {@link AttrFlag}).
 */
public record EventAttr(
    int type,
    int size,
    long config,
    long samplePeriod,
    long sampleType,
    long readFormat,
    long flags,
    int wakeupEvents,
    int bpType,
    long config1,
    long config2,
    long branchSampleType,
    long sampleRegsUser,
    int sampleStackUser,
    int clockid,
    long sampleRegsIntr,
    int auxWatermark,
    int sampleMaxStack,
    int auxSampleSize,
    long sigData,
    long config3) {

  public static final int TYPE_HARDWARE = 0;
  public static final int TYPE_SOFTWARE = 1;
  public static final int TYPE_TRACEPOINT = 2;
  public static final int TYPE_HW_CACHE = 3;
  public static final int TYPE_RAW = 4;
  public static final int TYPE_BREAKPOINT = 5;

  /** {@code PERF_ATTR_SIZE_VER0}: the smallest attr perf ever wrote. */
  public static final int SIZE_VER0 = 64;
  /** The size of the attr this writer emits (perf 6.1's {@code PERF_ATTR_SIZE_VER7}). */
  public static final int SIZE_CURRENT = 128;
  /** The largest attr this reader decodes fields of ({@code PERF_ATTR_SIZE_VER8}). */
  public static final int SIZE_MAX_KNOWN = 136;

  public boolean flag(AttrFlag f) {
    return f.get(flags) != 0;
  }

  /** A tracepoint attr for a sampled syscall-style recording, as {@code perf record -e tp} makes. */
  public static EventAttr tracepoint(long tracepointId, long sampleType, long readFormat, long flags) {
    return new EventAttr(TYPE_TRACEPOINT, SIZE_CURRENT, tracepointId, 1, sampleType, readFormat, flags,
        1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
  }

  /** The same attr with other flags. */
  public EventAttr withFlags(long newFlags) {
    return new EventAttr(type, size, config, samplePeriod, sampleType, readFormat, newFlags, wakeupEvents,
        bpType, config1, config2, branchSampleType, sampleRegsUser, sampleStackUser, clockid, sampleRegsIntr,
        auxWatermark, sampleMaxStack, auxSampleSize, sigData, config3);
  }

  /**
   * The attr in {@code perf evlist -v} form: {@code type: 2, size: 128, config: 0x1ba, …}, zero fields
   * left out, in perf's order.
   */
  public String describe() {
    StringBuilder sb = new StringBuilder();
    put(sb, "type", Integer.toUnsignedString(type));
    put(sb, "size", Integer.toUnsignedString(size));
    if (config != 0) put(sb, "config", "0x" + Long.toHexString(config));
    if (samplePeriod != 0) put(sb, "{ sample_period, sample_freq }", Long.toUnsignedString(samplePeriod));
    if (sampleType != 0) put(sb, "sample_type", SampleType.names(sampleType));
    if (readFormat != 0) put(sb, "read_format", SampleType.readFormatNames(readFormat));
    for (AttrFlag f : AttrFlag.values()) {
      long v = f.get(flags);
      if (v != 0) put(sb, f.perfName(), Long.toString(v));
    }
    if (wakeupEvents != 0) put(sb, "{ wakeup_events, wakeup_watermark }", Integer.toUnsignedString(wakeupEvents));
    if (bpType != 0) put(sb, "bp_type", Integer.toUnsignedString(bpType));
    if (config1 != 0) put(sb, "{ bp_addr, config1 }", "0x" + Long.toHexString(config1));
    if (config2 != 0) put(sb, "{ bp_len, config2 }", "0x" + Long.toHexString(config2));
    if (branchSampleType != 0) put(sb, "branch_sample_type", "0x" + Long.toHexString(branchSampleType));
    if (sampleRegsUser != 0) put(sb, "sample_regs_user", "0x" + Long.toHexString(sampleRegsUser));
    if (sampleStackUser != 0) put(sb, "sample_stack_user", Integer.toUnsignedString(sampleStackUser));
    if (clockid != 0) put(sb, "clockid", Integer.toString(clockid));
    if (sampleRegsIntr != 0) put(sb, "sample_regs_intr", "0x" + Long.toHexString(sampleRegsIntr));
    if (auxWatermark != 0) put(sb, "aux_watermark", Integer.toUnsignedString(auxWatermark));
    if (sampleMaxStack != 0) put(sb, "sample_max_stack", Integer.toString(sampleMaxStack));
    if (auxSampleSize != 0) put(sb, "aux_sample_size", Integer.toUnsignedString(auxSampleSize));
    if (sigData != 0) put(sb, "sig_data", Long.toUnsignedString(sigData));
    return sb.toString();
  }

  private static void put(StringBuilder sb, String key, String value) {
    if (!sb.isEmpty()) sb.append(", ");
    sb.append(key).append(": ").append(value);
  }
}
