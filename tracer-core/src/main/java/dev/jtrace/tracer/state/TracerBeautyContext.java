package dev.jtrace.tracer.state;

import dev.jtrace.beauty.BeautyContext;

/** Answers the beautifiers from the live thread and fd tables. */
public final class TracerBeautyContext implements BeautyContext {
  private final ThreadTable threads;
  private final FdTable fds;

  public TracerBeautyContext(ThreadTable threads, FdTable fds) {
    this.threads = threads;
    this.fds = fds;
  }

  @Override
  public String comm(int pid) {
    return threads.comm(pid);
  }

  @Override
  public String fdPath(int pid, int fd) {
    return fds.path(pid, fd);
  }

  @Override
  public String namedProcessFdPath(int pid, int fd) {
    return fds.pathOrProc(pid, fd);
  }
}
