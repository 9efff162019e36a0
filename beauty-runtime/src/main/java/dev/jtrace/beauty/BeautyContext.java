package dev.jtrace.beauty;

/**
 * What the beautifiers may ask of whoever captured the syscall: the state of the traced system at
 * the moment of the call. Implementations answer from their own tables (a live tracer's thread and
 * fd tables, a perf.data replay's), never by reading the traced process later.
 */
public interface BeautyContext {
  /** A context that knows nothing: pids and fds print as bare numbers. */
  BeautyContext NONE = new BeautyContext() {};

  /** The command name of a process or thread, or null when unknown. */
  default String comm(int pid) {
    return null;
  }

  /**
   * The path (or {@code socket:[ino]}, {@code pipe:[ino]}, …) of fd in process pid, as a {@link
   * ByteText} byte string, or null when unknown.
   */
  default String fdPath(int pid, int fd) {
    return null;
  }

  /**
   * The path of an fd in a process that an argument names (kcmp's pid1 and pid2): a process the
   * trace may not follow, so an implementation may look it up now rather than answer from its
   * tables only.
   */
  default String namedProcessFdPath(int pid, int fd) {
    return fdPath(pid, fd);
  }
}
