package dev.jtrace.beauty;

/**
 * How one syscall argument is rendered. The generator picks a kind per argument at build time, by rules on
 * the tracefs type and name and by explicit per-syscall rules; {@link ArgRenderer} renders it.
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
  OPEN_FLAGS,
  ACCESS_MODE,
  MMAP_PROT,
  /** mmap's flags: the mapping type (a value under MAP_TYPE), then the flag bits. */
  MMAP_FLAGS,
  /** mmap's fd: hidden for MAP_ANONYMOUS. */
  MMAP_FD,
  /** mmap's offset: hidden for MAP_ANONYMOUS. */
  MMAP_OFFSET,
  MREMAP_FLAGS,
  MADVISE_BEHAVIOR,
  FUTEX_OP,
  /** futex's val, uaddr2, utime and val3 arguments: shown only for the ops that use them. */
  FUTEX_ARG,
  PRCTL_OPTION,
  /** prctl's arg2..arg5, rendered per option. */
  PRCTL_ARG,
  KCMP_TYPE,
  /** kcmp idx1/idx2: fds for KCMP_FILE, hidden for the types that ignore them. */
  KCMP_IDX,
  FCNTL_CMD,
  /** fcntl's third argument, rendered per command. */
  FCNTL_ARG,
  IOCTL_CMD,
  CLONE_FLAGS,
  SOCKET_FAMILY,
  SOCKET_TYPE,
  SOCKET_PROTOCOL,
  SOCKET_LEVEL,
  /** setsockopt/getsockopt optname: named by the table of its level (SO_*, TCP_*, IP_*, IPV6_*). */
  SOCKOPT_NAME,
  ACCEPT4_FLAGS,
  EPOLL_CREATE1_FLAGS,
  TIMERFD_FLAGS,
  MEMFD_FLAGS,
  /** dup3's flags: O_CLOEXEC is the only one. */
  DUP3_FLAGS,
  INOTIFY_FLAGS,
  SIGNALFD_FLAGS,
  CLOSE_RANGE_FLAGS,
  SIGNAL,
  WAIT_OPTIONS,
  LSEEK_WHENCE,
  RLIMIT_RESOURCE,
  CLOCK_ID,
  MSG_FLAGS,
  EPOLL_CTL_OP,
  AT_FLAGS,
  STATX_MASK,
  SCHED_POLICY,
  EVENTFD_FLAGS,
  PIPE_FLAGS,
  GETRANDOM_FLAGS,
  PERF_FLAGS,
  SECCOMP_OP,
  SECCOMP_FLAGS,
  BPF_CMD,
  KEYCTL_OPTION,
  ITIMER_WHICH,
  SIGPROCMASK_HOW,
  FLOCK_OP,
  RENAMEAT2_FLAGS,
  MOUNT_FLAGS,
  FSMOUNT_FLAGS,
  FSMOUNT_ATTR,
  FSPICK_FLAGS,
  FSCONFIG_CMD,
  MOVE_MOUNT_FLAGS,
  SYNC_FILE_RANGE_FLAGS,
  PKEY_ACCESS_RIGHTS,
  ARCH_PRCTL_CODE,
  X86_MSR,
  X86_IRQ_VECTOR
}
