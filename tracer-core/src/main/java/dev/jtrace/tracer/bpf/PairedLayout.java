package dev.jtrace.tracer.bpf;

/**
 * The layout of one paired syscall record: the per-thread map value the sys_enter program fills,
 * the sys_exit program completes and copies whole ({@code [0, END)}) into the BPF ring buffer. A
 * fixed header, then content blocks, each an 8-byte block header and its bytes padded to 8:
 *
 * <pre>
 *   0 u32 end: the record's length (header + blocks)    4 u32 flags ({@link #COMPAT}, …)
 *   8 u64 entry time (CLOCK_MONOTONIC ns)              16 u64 exit time (0 while in flight)
 *  24 u32 pid (tgid)   28 u32 tid   32 s32 syscall nr   36 u32 the entry's CPU
 *  40 u64 args[6]                                       88 s64 return value
 *  96 u32 state (1: in flight)                         100 u32 bits of strings to read again at exit
 * 104 u64 the cgroup v2 id of the task at entry (at exit for a return without its entry)
 * 112 blocks: u8 content index, u8 status, u16 0, u32 bytes copied, the bytes
 * </pre>
 *
 * The content index is the position in the syscall's content list; a string that could not be read
 * at entry (its page not resident) has a {@link #RETRY} block, followed by a second block of the
 * same index read at exit.
 */
public final class PairedLayout {
  private PairedLayout() {}

  public static final int END = 0;
  public static final int FLAGS = 4;
  public static final int ENTER_TIME = 8;
  public static final int EXIT_TIME = 16;
  public static final int PID = 24;
  public static final int TID = 28;
  public static final int NR = 32;
  public static final int CPU = 36;
  public static final int ARGS = 40;
  public static final int RET = 88;
  public static final int STATE = 96;
  public static final int RETRY_MASK = 100;
  public static final int CGROUP = 104;
  public static final int HEADER = 112;

  /** A block's header: index, status, 0, length. */
  public static final int BLOCK_HEADER = 8;

  /** Flag: an ia32 (compat) task's call, when the emitter was given the task's compat offset. */
  public static final int COMPAT = 1;

  /** Flag: a return whose entry was not seen (tracing began inside the call). */
  public static final int NO_ENTRY = 2;

  /** Flag: the task ended inside the call (exit, exit_group, killed): it never returns. */
  public static final int NO_RETURN = 4;

  /**
   * Flag: not a call but a loss mark the consumer writes into its own copy ({@link #RET}: how many
   * calls the ring had no room for).
   */
  public static final int LOST_CALLS = 1 << 31;

  /** {@link #STATE}: the call is in flight. */
  public static final int IN_FLIGHT = 1;

  /** Block status: copied whole. */
  public static final int OK = 0;

  /** Block status: longer than its limit, the first bytes copied. */
  public static final int CUT = 1;

  /** Block status: the memory could not be read (EFAULT). */
  public static final int FAULT = 2;

  /** Block status: not readable at entry, read again at exit (a later block of the same index). */
  public static final int RETRY = 3;

  /**
   * An iovec element's copied block starts with the element's {@code iov_len} (u64), then its
   * bytes: a copy at exit stops at the call's return, so the length is not the block's.
   */
  public static final int IOV_LENGTH = 8;

  /** The space a block of up to {@code bytes} bytes takes. */
  public static int blockSize(int bytes) {
    return BLOCK_HEADER + ((bytes + 7) & -8);
  }
}
