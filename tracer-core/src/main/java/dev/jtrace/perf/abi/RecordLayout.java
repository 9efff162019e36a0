package dev.jtrace.perf.abi;

/**
 * Where the fields of an event's records sit, worked out once from its attr: in a
 * PERF_RECORD_SAMPLE (offsets from the record's start, header included) and in the {@code
 * sample_id_all} trailer of every other record (offsets back from the record's end). The kernel
 * writes sample fields in {@code sample_type} bit order, so a field's offset is fixed until the
 * first field of variable size (READ, CALLCHAIN); fields after it, and fields the attr does not ask
 * for, are {@link #ABSENT}.
 */
public final class RecordLayout {
  /** The field is not in the record, or not at a fixed offset. */
  public static final int ABSENT = -1;

  /** Bytes of the {@code perf_event_header}. */
  public static final int HEADER = 8;

  /** The fields of the sample_id_all trailer, in the kernel's order. */
  private static final long TRAILER_FIELDS =
      SampleType.TID
          | SampleType.TIME
          | SampleType.ID
          | SampleType.STREAM_ID
          | SampleType.CPU
          | SampleType.IDENTIFIER;

  private final int sampleId;
  private final int sampleIp;
  private final int sampleAddr;
  private final int samplePid;
  private final int sampleTid;
  private final int sampleTime;
  private final int sampleCpu;
  private final int sampleRawSize;
  private final int sampleCallchain;
  private final int userRegisters;
  private final boolean userStack;
  private final int trailerSize;
  private final int trailerTime;
  private final int trailerCpu;

  private RecordLayout(EventAttr attr) {
    long st = attr.sampleType();
    int p = HEADER;
    int id = ABSENT;
    if ((st & SampleType.IDENTIFIER) != 0) {
      id = p;
      p += 8;
    }
    sampleIp = (st & SampleType.IP) != 0 ? p : ABSENT;
    if ((st & SampleType.IP) != 0) p += 8;
    samplePid = (st & SampleType.TID) != 0 ? p : ABSENT;
    sampleTid = (st & SampleType.TID) != 0 ? p + 4 : ABSENT;
    if ((st & SampleType.TID) != 0) p += 8;
    sampleTime = (st & SampleType.TIME) != 0 ? p : ABSENT;
    if ((st & SampleType.TIME) != 0) p += 8;
    sampleAddr = (st & SampleType.ADDR) != 0 ? p : ABSENT;
    if ((st & SampleType.ADDR) != 0) p += 8;
    if ((st & SampleType.ID) != 0) {
      if (id == ABSENT) id = p;
      p += 8;
    }
    sampleId = id;
    if ((st & SampleType.STREAM_ID) != 0) p += 8;
    sampleCpu = (st & SampleType.CPU) != 0 ? p : ABSENT;
    if ((st & SampleType.CPU) != 0) p += 8;
    if ((st & SampleType.PERIOD) != 0) p += 8;
    sampleCallchain = (st & SampleType.CALLCHAIN) != 0 && (st & SampleType.READ) == 0 ? p : ABSENT;
    boolean fixed = (st & (SampleType.READ | SampleType.CALLCHAIN)) == 0;
    sampleRawSize = fixed && (st & SampleType.RAW) != 0 ? p : ABSENT;

    userRegisters = (st & SampleType.REGS_USER) != 0 ? Long.bitCount(attr.sampleRegsUser()) : -1;
    userStack = (st & SampleType.STACK_USER) != 0;

    long trailer = attr.flag(AttrFlag.SAMPLE_ID_ALL) ? st & TRAILER_FIELDS : 0;
    trailerSize = 8 * Long.bitCount(trailer);
    int q = trailerSize; // counts down: offset back from the end of the record
    if ((trailer & SampleType.TID) != 0) q -= 8;
    trailerTime = (trailer & SampleType.TIME) != 0 ? q : ABSENT;
    if ((trailer & SampleType.TIME) != 0) q -= 8;
    if ((trailer & SampleType.ID) != 0) q -= 8;
    if ((trailer & SampleType.STREAM_ID) != 0) q -= 8;
    trailerCpu = (trailer & SampleType.CPU) != 0 ? q : ABSENT;
  }

  /** The layout of the records of an event opened with this attr. */
  public static RecordLayout of(EventAttr attr) {
    return new RecordLayout(attr);
  }

  /** The sample id (IDENTIFIER, else ID), which tells the event of a sample among several. */
  public int sampleId() {
    return sampleId;
  }

  /** The sampled instruction pointer, or {@link #ABSENT}. */
  public int sampleIp() {
    return sampleIp;
  }

  /** The sampled data address (a page fault's), or {@link #ABSENT}. */
  public int sampleAddr() {
    return sampleAddr;
  }

  public int samplePid() {
    return samplePid;
  }

  public int sampleTid() {
    return sampleTid;
  }

  public int sampleTime() {
    return sampleTime;
  }

  public int sampleCpu() {
    return sampleCpu;
  }

  /** The callchain's u64 count, followed by its entries (ABSENT after a READ group). */
  public int sampleCallchain() {
    return sampleCallchain;
  }

  /** The u32 size of the raw tracepoint data. */
  public int sampleRawSize() {
    return sampleRawSize;
  }

  /** The raw tracepoint data (4-byte misaligned when everything before it is u64s). */
  public int sampleRaw() {
    return sampleRawSize == ABSENT ? ABSENT : sampleRawSize + 4;
  }

  /**
   * The u64s of a PERF_SAMPLE_REGS_USER block after its abi word (one per bit of {@code
   * sample_regs_user}; none when the abi word is 0, a kernel thread); -1 when samples have no such
   * block. The block follows the raw data (and the branch stack), so its offset is per sample:
   * {@link #userRegsEnd} walks it.
   */
  public int userRegisters() {
    return userRegisters;
  }

  /**
   * Whether samples end with a PERF_SAMPLE_STACK_USER block: u64 size, size bytes of the stack from
   * the user stack pointer, and when size is not 0 a u64 dyn_size (the bytes really copied).
   */
  public boolean userStack() {
    return userStack;
  }

  /**
   * The offset after a REGS_USER block starting at {@code at} whose abi word is {@code abi}: the
   * one rule every parser of these blocks uses.
   */
  public int userRegsEnd(int at, long abi) {
    return at + 8 + (abi == 0 ? 0 : 8 * userRegisters);
  }

  /** PERF_SAMPLE_REGS_ABI_NONE: no registers (a kernel thread) follow the abi word. */
  public static final long REGS_ABI_NONE = 0;

  /** Bytes of the sample_id_all trailer of non-sample records; 0 when they carry none. */
  public int trailerSize() {
    return trailerSize;
  }

  public int trailerTimeFromEnd() {
    return trailerTime;
  }

  public int trailerCpuFromEnd() {
    return trailerCpu;
  }
}
