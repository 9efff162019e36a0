package dev.jtrace.beauty;

/** How a syscall's return value is rendered. */
public enum ReturnKind {
  /** An integer; negative values are errnos: {@code -1 ENOENT (No such file or directory)}. */
  ERRNO,
  /** An address or bit pattern: {@code 0x7f12…} (brk, mmap, mremap). */
  HEX,
  /** A pid, with its COMM when known: {@code 1234 (sleep)}. */
  PID,
  /** A new file descriptor, with its path when known: {@code 3</etc/passwd>}. */
  FD,
  /** A count where 0 means the wait timed out: {@code 0 (Timeout)} (poll, ppoll, select). */
  TIMEOUT,
  /** A signal number: {@code 10 (SIGUSR1)} (rt_sigtimedwait). */
  SIGNAL,
  /** fcntl: per command (open flags for F_GETFL, CLOEXEC for F_GETFD, a new fd for F_DUPFD). */
  FCNTL,
  /** The call does not return (exit, exit_group): {@code ?}. */
  NONE
}
