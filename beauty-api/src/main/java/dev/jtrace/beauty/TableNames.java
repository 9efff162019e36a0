package dev.jtrace.beauty;

/**
 * The logical names of the generated tables the renderers use. {@link ArchTables} resolves each for
 * its arch (e.g. {@code mmap_flags} is the mips table on mips).
 */
public final class TableNames {
  private TableNames() {}

  public static final String ACCEPT4_FLAGS = "accept4_flags";
  public static final String AT_FLAGS = "fs_at_flags";
  public static final String BPF_CMDS = "bpf_cmds";
  public static final String CLOCK_IDS = "clock_ids";
  public static final String CLONE_FLAGS = "clone_flags";
  public static final String CLOSE_RANGE_FLAGS = "close_range_flags";
  public static final String EPOLL_CREATE1_FLAGS = "epoll_create1_flags";
  public static final String EPOLL_CTL_OPS = "epoll_ctl_ops";
  public static final String EVENTFD_FLAGS = "eventfd_flags";
  public static final String FCNTL_CMDS = "fcntl_cmds";
  public static final String FILE_MODE = "file_mode_bits";
  public static final String FILE_TYPES = "file_types";
  public static final String FLOCK_OPS = "flock_ops";
  public static final String FSCONFIG_CMDS = "fsconfig_cmds";
  public static final String FSMOUNT_ATTR_FLAGS = "fsmount_attr_flags";
  public static final String FSMOUNT_FLAGS = "fsmount_flags";
  public static final String FSPICK_FLAGS = "fspick_flags";
  public static final String FUTEX_OPS = "futex_ops";
  public static final String GETRANDOM_FLAGS = "getrandom_flags";
  public static final String INOTIFY_INIT1_FLAGS = "inotify_init1_flags";
  public static final String IPV6_OPTIONS = "ipv6_options";
  public static final String IP_OPTIONS = "ip_options";
  public static final String IP_PROTOCOLS = "socket_ipproto";
  public static final String ITIMERS = "itimers";
  public static final String KCMP_TYPES = "kcmp_types";
  public static final String KEYCTL_OPTIONS = "keyctl_ops";
  public static final String LSEEK_WHENCES = "lseek_whence";
  public static final String MADVISE_BEHAVIORS = "madvise_advices";
  public static final String MEMFD_CREATE_FLAGS = "memfd_create_flags";
  public static final String MMAP_FLAGS = "mmap_flags";
  public static final String MMAP_PROT = "mmap_prot";
  public static final String MMAP_TYPES = "mmap_types";
  public static final String MOUNT_FLAGS = "mount_flags";
  public static final String MOVE_MOUNT_FLAGS = "move_mount_flags";
  public static final String MREMAP_FLAGS = "mremap_flags";
  public static final String MSG_FLAGS = "msg_flags";
  public static final String POLL_EVENTS = "poll_events";
  public static final String EPOLL_EVENTS = "epoll_events";
  public static final String SIGACTION_FLAGS = "sigaction_flags";
  public static final String OPEN_FLAGS = "open_flags";
  public static final String PERF_EVENT_OPEN_FLAGS = "perf_event_open_flags";
  public static final String PIPE_FLAGS = "pipe2_flags";
  public static final String PKEY_ALLOC_ACCESS_RIGHTS = "pkey_alloc_access_rights";
  public static final String PRCTL_OPTIONS = "prctl_options";
  public static final String PR_SET_MM_OPTIONS = "prctl_set_mm_options";
  public static final String RENAME_FLAGS = "rename_flags";
  public static final String RLIMIT_RESOURCES = "rlimit_resources";
  public static final String SCHED_POLICIES = "sched_policies";
  public static final String SCM_TYPES = "scm_types";
  public static final String DIRENT_TYPES = "dirent_types";
  public static final String SIGALTSTACK_FLAGS = "sigaltstack_flags";
  public static final String FS_MAGICS = "fs_magics";
  public static final String SECCOMP_FLAGS = "seccomp_flags";
  public static final String TERMIOS_IFLAGS = "termios_iflags";
  public static final String TERMIOS_OFLAGS = "termios_oflags";
  public static final String TERMIOS_CFLAGS = "termios_cflags";
  public static final String TERMIOS_LFLAGS = "termios_lflags";

  /**
   * termios' multi-bit fields' masks (NLDLY, CBAUD, …); each field's values are in {@code
   * termios_<mask>}.
   */
  public static final String TERMIOS_MASKS = "termios_masks";

  public static final String SECCOMP_OPS = "seccomp_ops";
  public static final String SIGNALFD4_FLAGS = "signalfd4_flags";
  public static final String SIGNALS = "signals";
  public static final String SI_CODES = "si_codes";
  public static final String IDTYPES = "idtypes";
  public static final String SIGPROCMASK_HOWS = "sigprocmask_how";
  public static final String SOCKET_FAMILIES = "socket_families";
  public static final String SOCKET_OPTIONS = "socket_options";
  public static final String SOCKET_TYPES = "socket_types";
  public static final String SOCKOPT_LEVELS = "sockopt_levels";
  public static final String STATX_MASK = "statx_mask";
  public static final String SYNC_FILE_RANGE_FLAGS = "sync_file_range_flags";
  public static final String TCP_OPTIONS = "tcp_options";
  public static final String TIMERFD_CREATE_FLAGS = "timerfd_create_flags";
  public static final String WAITID_OPTIONS = "waitid_options";
  public static final String X86_ARCH_PRCTL_CODES = "x86_arch_prctl_codes";
  public static final String X86_IRQ_VECTORS = "x86_irq_vectors";
  public static final String X86_MSRS = "x86_msrs";
}
