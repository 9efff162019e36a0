package dev.jtrace.perfdata;

/** The feature section numbers ({@code HEADER_*} bits of {@code adds_features}). */
public final class Feature {
  private Feature() {}

  public static final int TRACING_DATA = 1;
  public static final int BUILD_ID = 2;
  public static final int HOSTNAME = 3;
  public static final int OSRELEASE = 4;
  public static final int VERSION = 5;
  public static final int ARCH = 6;
  public static final int NRCPUS = 7;
  public static final int CPUDESC = 8;
  public static final int CPUID = 9;
  public static final int TOTAL_MEM = 10;
  public static final int CMDLINE = 11;
  public static final int EVENT_DESC = 12;
  public static final int CPU_TOPOLOGY = 13;
  public static final int NUMA_TOPOLOGY = 14;
  public static final int BRANCH_STACK = 15;
  public static final int PMU_MAPPINGS = 16;
  public static final int GROUP_DESC = 17;
  public static final int AUXTRACE = 18;
  public static final int STAT = 19;
  public static final int CACHE = 20;
  public static final int SAMPLE_TIME = 21;
  public static final int MEM_TOPOLOGY = 22;
  public static final int CLOCKID = 23;
  public static final int DIR_FORMAT = 24;
  public static final int BPF_PROG_INFO = 25;
  public static final int BPF_BTF = 26;
  public static final int COMPRESSED = 27;
  public static final int CPU_PMU_CAPS = 28;
  public static final int CLOCK_DATA = 29;
  public static final int HYBRID_TOPOLOGY = 30;
  public static final int PMU_CAPS = 31;

  /** The first number past perf's own; simpleperf uses 128 (FILE) and 129 (META_INFO). */
  public static final int LAST_KNOWN = PMU_CAPS;

  public static final int SIMPLEPERF_FILE = 128;
  public static final int SIMPLEPERF_META_INFO = 129;
  public static final int SIMPLEPERF_DEBUG_UNWIND = 130;
  public static final int SIMPLEPERF_DEBUG_UNWIND_FILE = 131;
  public static final int SIMPLEPERF_FILE2 = 132;

  /** The size of the feature bitmap in bits. */
  public static final int BITS = 256;

  private static final String[] NAMES = {
    "RESERVED",
    "TRACING_DATA",
    "BUILD_ID",
    "HOSTNAME",
    "OSRELEASE",
    "VERSION",
    "ARCH",
    "NRCPUS",
    "CPUDESC",
    "CPUID",
    "TOTAL_MEM",
    "CMDLINE",
    "EVENT_DESC",
    "CPU_TOPOLOGY",
    "NUMA_TOPOLOGY",
    "BRANCH_STACK",
    "PMU_MAPPINGS",
    "GROUP_DESC",
    "AUXTRACE",
    "STAT",
    "CACHE",
    "SAMPLE_TIME",
    "MEM_TOPOLOGY",
    "CLOCKID",
    "DIR_FORMAT",
    "BPF_PROG_INFO",
    "BPF_BTF",
    "COMPRESSED",
    "CPU_PMU_CAPS",
    "CLOCK_DATA",
    "HYBRID_TOPOLOGY",
    "PMU_CAPS"
  };

  public static String name(int feature) {
    if (feature >= 0 && feature < NAMES.length) {
      return NAMES[feature];
    }
    return switch (feature) {
      case SIMPLEPERF_FILE -> "simpleperf FILE";
      case SIMPLEPERF_META_INFO -> "simpleperf META_INFO";
      case SIMPLEPERF_DEBUG_UNWIND -> "simpleperf DEBUG_UNWIND";
      case SIMPLEPERF_DEBUG_UNWIND_FILE -> "simpleperf DEBUG_UNWIND_FILE";
      case SIMPLEPERF_FILE2 -> "simpleperf FILE2";
      default -> "feature " + feature;
    };
  }

  public static boolean known(int feature) {
    return !name(feature).startsWith("feature ");
  }
}
