package dev.jtrace.perf.abi;

/**
 * The {@code perf_event_header.type} numbers of the kernel's records and of perf's user records,
 * and the {@code perf_event_header.misc} bits this project reads or writes.
 */
public final class RecordType {
  private RecordType() {}

  /** misc: the sample was taken in the kernel. */
  public static final int MISC_KERNEL = 1;

  /** misc cpumode of a user-space record (PERF_RECORD_MISC_USER). */
  public static final int MISC_USER = 2;

  /** misc of a COMM record: the name changed through exec. */
  public static final int MISC_COMM_EXEC = 1 << 13;

  /** misc of an MMAP2 record: it carries a build id instead of device and inode. */
  public static final int MISC_MMAP_BUILD_ID = 1 << 14;

  public static final int MMAP = 1;
  public static final int LOST = 2;
  public static final int COMM = 3;
  public static final int EXIT = 4;
  public static final int THROTTLE = 5;
  public static final int UNTHROTTLE = 6;
  public static final int FORK = 7;
  public static final int READ = 8;
  public static final int SAMPLE = 9;
  public static final int MMAP2 = 10;
  public static final int AUX = 11;
  public static final int ITRACE_START = 12;
  public static final int LOST_SAMPLES = 13;
  public static final int SWITCH = 14;
  public static final int SWITCH_CPU_WIDE = 15;
  public static final int NAMESPACES = 16;
  public static final int KSYMBOL = 17;
  public static final int BPF_EVENT = 18;
  public static final int CGROUP = 19;
  public static final int TEXT_POKE = 20;
  public static final int AUX_OUTPUT_HW_ID = 21;

  public static final int HEADER_ATTR = 64;
  public static final int HEADER_EVENT_TYPE = 65;
  public static final int HEADER_TRACING_DATA = 66;
  public static final int HEADER_BUILD_ID = 67;
  public static final int FINISHED_ROUND = 68;
  public static final int ID_INDEX = 69;
  public static final int AUXTRACE_INFO = 70;
  public static final int AUXTRACE = 71;
  public static final int AUXTRACE_ERROR = 72;
  public static final int THREAD_MAP = 73;
  public static final int CPU_MAP = 74;
  public static final int STAT_CONFIG = 75;
  public static final int STAT = 76;
  public static final int STAT_ROUND = 77;
  public static final int EVENT_UPDATE = 78;
  public static final int TIME_CONV = 79;
  public static final int HEADER_FEATURE = 80;
  public static final int COMPRESSED = 81;
  public static final int FINISHED_INIT = 82;
  public static final int COMPRESSED2 = 83;

  /** Android simpleperf's own records (its {@code SIMPLEPERF_RECORD_*} numbers). */
  public static final int SIMPLEPERF_KERNEL_SYMBOL = 32769;

  public static final int SIMPLEPERF_DSO = 32770;
  public static final int SIMPLEPERF_SYMBOL = 32771;
  public static final int SIMPLEPERF_SPLIT = 32772;
  public static final int SIMPLEPERF_SPLIT_END = 32773;
  public static final int SIMPLEPERF_EVENT_ID = 32774;
  public static final int SIMPLEPERF_CALLCHAIN = 32775;
  public static final int SIMPLEPERF_UNWINDING_RESULT = 32776;
  public static final int SIMPLEPERF_TRACING_DATA = 32777;

  /** A name for messages and statistics. */
  public static String name(int type) {
    return switch (type) {
      case MMAP -> "MMAP";
      case LOST -> "LOST";
      case COMM -> "COMM";
      case EXIT -> "EXIT";
      case THROTTLE -> "THROTTLE";
      case UNTHROTTLE -> "UNTHROTTLE";
      case FORK -> "FORK";
      case READ -> "READ";
      case SAMPLE -> "SAMPLE";
      case MMAP2 -> "MMAP2";
      case AUX -> "AUX";
      case ITRACE_START -> "ITRACE_START";
      case LOST_SAMPLES -> "LOST_SAMPLES";
      case SWITCH -> "SWITCH";
      case SWITCH_CPU_WIDE -> "SWITCH_CPU_WIDE";
      case NAMESPACES -> "NAMESPACES";
      case KSYMBOL -> "KSYMBOL";
      case BPF_EVENT -> "BPF_EVENT";
      case CGROUP -> "CGROUP";
      case TEXT_POKE -> "TEXT_POKE";
      case AUX_OUTPUT_HW_ID -> "AUX_OUTPUT_HW_ID";
      case HEADER_ATTR -> "ATTR";
      case HEADER_EVENT_TYPE -> "EVENT_TYPE";
      case HEADER_TRACING_DATA -> "TRACING_DATA";
      case HEADER_BUILD_ID -> "BUILD_ID";
      case FINISHED_ROUND -> "FINISHED_ROUND";
      case ID_INDEX -> "ID_INDEX";
      case AUXTRACE_INFO -> "AUXTRACE_INFO";
      case AUXTRACE -> "AUXTRACE";
      case AUXTRACE_ERROR -> "AUXTRACE_ERROR";
      case THREAD_MAP -> "THREAD_MAP";
      case CPU_MAP -> "CPU_MAP";
      case STAT_CONFIG -> "STAT_CONFIG";
      case STAT -> "STAT";
      case STAT_ROUND -> "STAT_ROUND";
      case EVENT_UPDATE -> "EVENT_UPDATE";
      case TIME_CONV -> "TIME_CONV";
      case HEADER_FEATURE -> "FEATURE";
      case COMPRESSED -> "COMPRESSED";
      case FINISHED_INIT -> "FINISHED_INIT";
      case COMPRESSED2 -> "COMPRESSED2";
      case SIMPLEPERF_KERNEL_SYMBOL -> "SIMPLEPERF_KERNEL_SYMBOL";
      case SIMPLEPERF_DSO -> "SIMPLEPERF_DSO";
      case SIMPLEPERF_SYMBOL -> "SIMPLEPERF_SYMBOL";
      case SIMPLEPERF_SPLIT -> "SIMPLEPERF_SPLIT";
      case SIMPLEPERF_SPLIT_END -> "SIMPLEPERF_SPLIT_END";
      case SIMPLEPERF_EVENT_ID -> "SIMPLEPERF_EVENT_ID";
      case SIMPLEPERF_CALLCHAIN -> "SIMPLEPERF_CALLCHAIN";
      case SIMPLEPERF_UNWINDING_RESULT -> "SIMPLEPERF_UNWINDING_RESULT";
      case SIMPLEPERF_TRACING_DATA -> "SIMPLEPERF_TRACING_DATA";
      default -> "type " + type;
    };
  }

  /** Whether this reader knows the record type (decodes it or deliberately passes over it). */
  public static boolean known(int type) {
    return !name(type).startsWith("type ");
  }
}
