package dev.jtrace.tracer.bpf;

/**
 * The layouts the summary programs and {@link SummaryCapture} share: the per-thread call in flight,
 * the thread's identity, the per-(thread, syscall) stats and the errno counts. A thread is named by
 * its tid and its task's start time, so a tid reused after an exit is a new thread.
 */
final class SummaryLayout {
  private SummaryLayout() {}

  /** A compat (32-bit) call's key: its number plus this, apart from the native call's. */
  static final int COMPAT_KEY = 1 << 16;

  // the stats key, the thread key (syscall key 0) and the front of the errno key
  static final int KEY_TID = 0; // u32
  static final int KEY_SYSCALL = 4; // u32
  static final int KEY_START = 8; // u64
  static final int KEY_SIZE = 16;
  static final int ERRNO_KEY_ERRNO = 16; // u32, then u32 padding
  static final int ERRNO_KEY_SIZE = 24;

  // thread info: who the thread is (kept after it ends)
  static final int INFO_PID = 0; // u32
  static final int INFO_LEADER_START = 8; // u64 its process leader's start time
  static final int INFO_CGROUP = 16; // u64 cgroup v2 id
  static final int INFO_COMM = 24; // char[16]
  static final int COMM_SIZE = 16;
  static final int INFO_SIZE = 40;

  // stats value
  static final int CALLS = 0;
  static final int ERRORS = 8;
  static final int TOTAL = 16;
  static final int MIN = 24;
  static final int MAX = 32;
  static final int SQUARES_LOW = 40; // the sum of squared ns, 128 bits
  static final int SQUARES_HIGH = 48;
  // the call in flight: its entry time and IN_FLIGHT, kept in its own (thread, syscall) entry so
  // that sys_enter and sys_exit each look up one map entry (the exit finds the syscall in pt_regs)
  static final int ENTER = 56; // u64 ktime at sys_enter
  static final int STATE = 64; // u64 IN_FLIGHT or 0
  static final int IN_FLIGHT = 1;
  static final int HISTOGRAM = 72; // u64[BUCKETS], with --histogram only
  static final int STATS_SIZE = 72;

  /** log2 buckets: 0, 1, [2,4), … [2^62, 2^63). */
  static final int BUCKETS = 64;

  static int statsSize(boolean histogram) {
    return histogram ? STATS_SIZE + 8 * BUCKETS : STATS_SIZE;
  }

  // the per-CPU counts of what could not be kept (the maps were full)
  static final int UNSUMMED_CALLS = 0;
  static final int UNCOUNTED_ERRNOS = 1;
  static final int UNNAMED_THREADS = 2;
  static final int COUNTERS = 3;
}
