package dev.jtrace.perf.abi;

/**
 * The {@code PERF_SAMPLE_*} bits of {@code sample_type} and the {@code PERF_FORMAT_*} bits of
 * read_format.
 */
public final class SampleType {
  private SampleType() {}

  public static final long IP = 1L;
  public static final long TID = 1L << 1;
  public static final long TIME = 1L << 2;
  public static final long ADDR = 1L << 3;
  public static final long READ = 1L << 4;
  public static final long CALLCHAIN = 1L << 5;
  public static final long ID = 1L << 6;
  public static final long CPU = 1L << 7;
  public static final long PERIOD = 1L << 8;
  public static final long STREAM_ID = 1L << 9;
  public static final long RAW = 1L << 10;
  public static final long BRANCH_STACK = 1L << 11;
  public static final long REGS_USER = 1L << 12;
  public static final long STACK_USER = 1L << 13;
  public static final long WEIGHT = 1L << 14;
  public static final long DATA_SRC = 1L << 15;
  public static final long IDENTIFIER = 1L << 16;
  public static final long TRANSACTION = 1L << 17;
  public static final long REGS_INTR = 1L << 18;
  public static final long PHYS_ADDR = 1L << 19;
  public static final long AUX = 1L << 20;
  public static final long CGROUP = 1L << 21;
  public static final long DATA_PAGE_SIZE = 1L << 22;
  public static final long CODE_PAGE_SIZE = 1L << 23;
  public static final long WEIGHT_STRUCT = 1L << 24;

  private static final String[] NAMES = {
    "IP",
    "TID",
    "TIME",
    "ADDR",
    "READ",
    "CALLCHAIN",
    "ID",
    "CPU",
    "PERIOD",
    "STREAM_ID",
    "RAW",
    "BRANCH_STACK",
    "REGS_USER",
    "STACK_USER",
    "WEIGHT",
    "DATA_SRC",
    "IDENTIFIER",
    "TRANSACTION",
    "REGS_INTR",
    "PHYS_ADDR",
    "AUX",
    "CGROUP",
    "DATA_PAGE_SIZE",
    "CODE_PAGE_SIZE",
    "WEIGHT_STRUCT"
  };

  public static final long FORMAT_TOTAL_TIME_ENABLED = 1;
  public static final long FORMAT_TOTAL_TIME_RUNNING = 2;
  public static final long FORMAT_ID = 4;
  public static final long FORMAT_GROUP = 8;
  public static final long FORMAT_LOST = 16;

  private static final String[] FORMAT_NAMES = {
    "TOTAL_TIME_ENABLED", "TOTAL_TIME_RUNNING", "ID", "GROUP", "LOST"
  };

  /** {@code IP|TID|TIME}, as perf prints it; unknown bits as {@code 0x…}. */
  public static String names(long sampleType) {
    return bitNames(sampleType, NAMES);
  }

  public static String readFormatNames(long readFormat) {
    return bitNames(readFormat, FORMAT_NAMES);
  }

  private static String bitNames(long bits, String[] names) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < names.length; i++) {
      if ((bits & (1L << i)) != 0) {
        sb.append(sb.isEmpty() ? "" : "|").append(names[i]);
      }
    }
    long rest = bits & ~((1L << names.length) - 1);
    if (rest != 0) {
      sb.append(sb.isEmpty() ? "" : "|").append("0x").append(Long.toHexString(rest));
    }
    return sb.toString();
  }
}
