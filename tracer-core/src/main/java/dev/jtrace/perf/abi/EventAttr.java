package dev.jtrace.perf.abi;

/**
 * A {@code perf_event_attr}: what perf_event_open is given, and what perf.data stores of each
 * event. Fields past the stored {@code size} read as zero. The bit fields stay packed in {@link
 * #flags} (bit numbers in {@link AttrFlag}). {@link AttrCodec} reads and writes the C struct;
 * {@link #builder()} makes one.
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

  /**
   * An attr of {@link #SIZE_CURRENT} bytes sampling every event ({@code sample_period} 1, one
   * wakeup).
   */
  public static Builder builder() {
    return new Builder();
  }

  /** A tracepoint sampled on every hit, as {@code perf record -e tp} makes it. */
  public static Builder tracepoint(long tracepointId) {
    return builder().type(TYPE_TRACEPOINT).config(tracepointId);
  }

  /**
   * Builds an attr. The fields a tracer sets have setters; the rest (breakpoints, registers, aux,
   * …) are zero.
   */
  public static final class Builder {
    private int type;
    private long config;
    private long sampleType;
    private long readFormat;
    private long flags;
    private int wakeupEvents = 1;
    private int clockid;

    private int sampleMaxStack;
    private long sampleRegsUser;
    private int sampleStackUser;

    private Builder() {}

    /** The user registers sampled ({@code sample_regs_user}: one bit per perf register index). */
    public Builder sampleRegsUser(long mask) {
      sampleRegsUser = mask;
      return this;
    }

    /** Bytes of user stack copied per sample ({@code sample_stack_user}, a multiple of 8). */
    public Builder sampleStackUser(int bytes) {
      sampleStackUser = bytes;
      return this;
    }

    public Builder type(int v) {
      type = v;
      return this;
    }

    public Builder config(long v) {
      config = v;
      return this;
    }

    /** The {@link SampleType} bits. */
    public Builder sampleType(long v) {
      sampleType = v;
      return this;
    }

    /** The {@code PERF_FORMAT_*} bits of {@link SampleType}. */
    public Builder readFormat(long v) {
      readFormat = v;
      return this;
    }

    /** Sets or clears the flags. */
    public Builder flags(boolean on, AttrFlag... fs) {
      for (AttrFlag f : fs) flags = on ? f.set(flags) : f.clear(flags);
      return this;
    }

    /** Sets the flags. */
    public Builder flags(AttrFlag... fs) {
      return flags(true, fs);
    }

    /**
     * Wakes the reader only when this many bytes are pending ({@code watermark}, {@code
     * wakeup_watermark}).
     */
    public Builder wakeupWatermark(int bytes) {
      wakeupEvents = bytes;
      flags = AttrFlag.WATERMARK.set(flags);
      return this;
    }

    /** Stamps samples with this clock ({@code use_clockid}). */
    public Builder clockid(int id) {
      clockid = id;
      flags = AttrFlag.USE_CLOCKID.set(flags);
      return this;
    }

    /** Callchain entries the kernel keeps per sample ({@code sample_max_stack}; 0: its limit). */
    public Builder sampleMaxStack(int v) {
      sampleMaxStack = v;
      return this;
    }

    public EventAttr build() {
      long samplePeriod = 1; // a sample per event
      return new EventAttr(
          type,
          SIZE_CURRENT,
          config,
          samplePeriod,
          sampleType,
          readFormat,
          flags,
          wakeupEvents,
          0,
          0,
          0,
          0,
          sampleRegsUser,
          sampleStackUser,
          clockid,
          0,
          0,
          sampleMaxStack,
          0,
          0,
          0);
    }
  }

  /**
   * The attr in {@code perf evlist -v} form: {@code type: 2, size: 128, config: 0x1ba, …}, zero
   * fields left out, in perf's order.
   */
  public String describe() {
    StringBuilder sb = new StringBuilder();
    put(sb, "type", Integer.toUnsignedString(type));
    put(sb, "size", Integer.toUnsignedString(size));
    if (config != 0) put(sb, "config", "0x" + Long.toHexString(config));
    if (samplePeriod != 0)
      put(sb, "{ sample_period, sample_freq }", Long.toUnsignedString(samplePeriod));
    if (sampleType != 0) put(sb, "sample_type", SampleType.names(sampleType));
    if (readFormat != 0) put(sb, "read_format", SampleType.readFormatNames(readFormat));
    for (AttrFlag f : AttrFlag.values()) {
      long v = f.get(flags);
      if (v != 0) put(sb, f.perfName(), Long.toString(v));
    }
    if (wakeupEvents != 0)
      put(sb, "{ wakeup_events, wakeup_watermark }", Integer.toUnsignedString(wakeupEvents));
    if (bpType != 0) put(sb, "bp_type", Integer.toUnsignedString(bpType));
    if (config1 != 0) put(sb, "{ bp_addr, config1 }", "0x" + Long.toHexString(config1));
    if (config2 != 0) put(sb, "{ bp_len, config2 }", "0x" + Long.toHexString(config2));
    if (branchSampleType != 0)
      put(sb, "branch_sample_type", "0x" + Long.toHexString(branchSampleType));
    if (sampleRegsUser != 0) put(sb, "sample_regs_user", "0x" + Long.toHexString(sampleRegsUser));
    if (sampleStackUser != 0)
      put(sb, "sample_stack_user", Integer.toUnsignedString(sampleStackUser));
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
