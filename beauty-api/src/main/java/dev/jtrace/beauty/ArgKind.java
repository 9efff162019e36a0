package dev.jtrace.beauty;

/**
 * How one syscall argument is rendered. The generator picks a kind per argument at build time, by
 * rules on the tracefs type and name and by explicit per-syscall rules ({@code BeautifierRules},
 * which names these constants, so a misspelt kind fails the generator's compilation); the runtime's
 * {@code ArgRenderer} renders it, by the table, rendering and zero rule each constant carries.
 */
public enum ArgKind {
  /** {@code int}-like: signed 32-bit decimal. */
  INT,
  /** {@code unsigned int}-like: unsigned 32-bit decimal. */
  UINT,
  /** {@code long}-like: signed 64-bit decimal. */
  LONG,
  /** {@code size_t}, {@code unsigned long}: unsigned 64-bit decimal. */
  ULONG,
  /** A bit pattern or address printed in hex. */
  HEX,
  /** A pointer: full 64-bit hex, {@code NULL} for 0. */
  PTR,
  /** A file descriptor: {@code 3</etc/passwd>}. */
  FD,
  /** A directory fd for the *at calls: {@code CWD} for AT_FDCWD. */
  DFD,
  /** A pid: {@code 1234 (sleep)}. */
  PID,
  /** File mode bits ({@code umode_t}). */
  MODE,
  /** The mode of open/openat/openat2/creat: shown only with O_CREAT or O_TMPFILE. */
  OPEN_MODE,
  /** A path in user memory: the captured string, or the pointer. */
  FILENAME,
  /** A {@code char[]} or string in user memory. */
  STRING,
  OPEN_FLAGS(true),
  ACCESS_MODE(true),
  MMAP_PROT(true),
  /** mmap's flags: the mapping type (a value under MAP_TYPE), then the flag bits. */
  MMAP_FLAGS,
  /** mmap's fd: hidden for MAP_ANONYMOUS. */
  MMAP_FD,
  /** mmap's offset: hidden for MAP_ANONYMOUS. */
  MMAP_OFFSET,
  MREMAP_FLAGS(Rendering.FLAGS, TableNames.MREMAP_FLAGS, false),
  MADVISE_BEHAVIOR(Rendering.VALUE, TableNames.MADVISE_BEHAVIORS, false),
  FUTEX_OP(true),
  /** futex's val, uaddr2, utime and val3 arguments: shown only for the ops that use them. */
  FUTEX_ARG,
  PRCTL_OPTION(Rendering.VALUE, TableNames.PRCTL_OPTIONS, false),
  /** prctl's arg2..arg5, rendered per option. */
  PRCTL_ARG,
  KCMP_TYPE(Rendering.VALUE, TableNames.KCMP_TYPES, true),
  /** kcmp idx1/idx2: fds for KCMP_FILE, hidden for the types that ignore them. */
  KCMP_IDX,
  FCNTL_CMD(Rendering.VALUE, TableNames.FCNTL_CMDS, true),
  /** fcntl's third argument, rendered per command. */
  FCNTL_ARG,
  IOCTL_CMD,
  CLONE_FLAGS,
  SOCKET_FAMILY(Rendering.VALUE, TableNames.SOCKET_FAMILIES, false),
  SOCKET_TYPE,
  SOCKET_PROTOCOL(Rendering.VALUE, TableNames.IP_PROTOCOLS, false),
  SOCKET_LEVEL(Rendering.VALUE, TableNames.SOCKOPT_LEVELS, true),
  /** setsockopt/getsockopt optname: named by the table of its level (SO_*, TCP_*, IP_*, IPV6_*). */
  SOCKOPT_NAME,
  ACCEPT4_FLAGS(Rendering.FLAGS, TableNames.ACCEPT4_FLAGS, false),
  EPOLL_CREATE1_FLAGS(Rendering.FLAGS, TableNames.EPOLL_CREATE1_FLAGS, false),
  TIMERFD_FLAGS(Rendering.FLAGS, TableNames.TIMERFD_CREATE_FLAGS, false),
  MEMFD_FLAGS(Rendering.FLAGS, TableNames.MEMFD_CREATE_FLAGS, false),
  /** dup3's flags: O_CLOEXEC is the only one. */
  DUP3_FLAGS,
  INOTIFY_FLAGS(Rendering.FLAGS, TableNames.INOTIFY_INIT1_FLAGS, false),
  SIGNALFD_FLAGS(Rendering.FLAGS, TableNames.SIGNALFD4_FLAGS, false),
  CLOSE_RANGE_FLAGS(Rendering.FLAGS, TableNames.CLOSE_RANGE_FLAGS, false),
  SIGNAL,
  WAIT_OPTIONS(Rendering.FLAGS, TableNames.WAITID_OPTIONS, false),
  LSEEK_WHENCE(Rendering.VALUE, TableNames.LSEEK_WHENCES, true),
  RLIMIT_RESOURCE(Rendering.VALUE, TableNames.RLIMIT_RESOURCES, true),
  CLOCK_ID(Rendering.VALUE, TableNames.CLOCK_IDS, true),
  MSG_FLAGS(Rendering.FLAGS, TableNames.MSG_FLAGS, false),
  EPOLL_CTL_OP(Rendering.VALUE, TableNames.EPOLL_CTL_OPS, false),
  AT_FLAGS(Rendering.FLAGS, TableNames.AT_FLAGS, false),
  STATX_MASK(Rendering.FLAGS, TableNames.STATX_MASK, false),
  SCHED_POLICY(true),
  EVENTFD_FLAGS(Rendering.FLAGS, TableNames.EVENTFD_FLAGS, false),
  PIPE_FLAGS(Rendering.FLAGS, TableNames.PIPE_FLAGS, false),
  GETRANDOM_FLAGS(Rendering.FLAGS, TableNames.GETRANDOM_FLAGS, false),
  PERF_FLAGS(Rendering.FLAGS, TableNames.PERF_EVENT_OPEN_FLAGS, false),
  SECCOMP_OP(Rendering.VALUE, TableNames.SECCOMP_OPS, true),
  SECCOMP_FLAGS(Rendering.FLAGS, TableNames.SECCOMP_FLAGS, false),
  BPF_CMD(Rendering.VALUE, TableNames.BPF_CMDS, true),
  KEYCTL_OPTION(Rendering.VALUE, TableNames.KEYCTL_OPTIONS, true),
  ITIMER_WHICH(Rendering.VALUE, TableNames.ITIMERS, true),
  SIGPROCMASK_HOW(Rendering.VALUE, TableNames.SIGPROCMASK_HOWS, true),
  /** waitid's which: P_PID, P_PGID, P_ALL, P_PIDFD. */
  IDTYPE(Rendering.VALUE, TableNames.IDTYPES, true),
  FLOCK_OP(Rendering.FLAGS, TableNames.FLOCK_OPS, false),
  RENAMEAT2_FLAGS(Rendering.FLAGS, TableNames.RENAME_FLAGS, false),
  MOUNT_FLAGS(Rendering.FLAGS, TableNames.MOUNT_FLAGS, false),
  FSMOUNT_FLAGS(Rendering.FLAGS, TableNames.FSMOUNT_FLAGS, false),
  FSMOUNT_ATTR(Rendering.FLAGS, TableNames.FSMOUNT_ATTR_FLAGS, false),
  FSPICK_FLAGS(Rendering.FLAGS, TableNames.FSPICK_FLAGS, false),
  FSCONFIG_CMD(Rendering.VALUE, TableNames.FSCONFIG_CMDS, true),
  MOVE_MOUNT_FLAGS(Rendering.FLAGS, TableNames.MOVE_MOUNT_FLAGS, false),
  SYNC_FILE_RANGE_FLAGS(Rendering.FLAGS, TableNames.SYNC_FILE_RANGE_FLAGS, false),
  PKEY_ACCESS_RIGHTS(Rendering.FLAGS, TableNames.PKEY_ALLOC_ACCESS_RIGHTS, false),
  ARCH_PRCTL_CODE(Rendering.VALUE_OR_HEX, TableNames.X86_ARCH_PRCTL_CODES, false),
  X86_MSR(Rendering.VALUE_OR_HEX, TableNames.X86_MSRS, false),
  X86_IRQ_VECTOR(Rendering.VALUE_OR_HEX, TableNames.X86_IRQ_VECTORS, false);

  /** How a kind with a table reads its value there. */
  public enum Rendering {
    /** One name for the value, else the number in decimal. */
    VALUE,
    /** One name for the value, else the number in hex (codes and registers). */
    VALUE_OR_HEX,
    /** Bits that combine: {@code A|B|0x…}. */
    FLAGS
  }

  private final Rendering rendering;
  private final String table;
  private final boolean showsZero;

  /** A kind its renderer handles by itself (no table, or a table and more logic). */
  ArgKind() {
    this(false);
  }

  ArgKind(boolean showsZero) {
    this(null, null, showsZero);
  }

  ArgKind(Rendering rendering, String table, boolean showsZero) {
    this.rendering = rendering;
    this.table = table;
    this.showsZero = showsZero;
  }

  /**
   * How the value reads in {@link #table()}, or null for the kinds a renderer of its own handles.
   */
  public Rendering rendering() {
    return rendering;
  }

  /** The logical table ({@link TableNames}) that names this kind's values, or null. */
  public String table() {
    return table;
  }

  /** Whether zero has a name, so a zero is shown (perf trace hides zeros otherwise). */
  public boolean showsZero() {
    return showsZero;
  }
}
