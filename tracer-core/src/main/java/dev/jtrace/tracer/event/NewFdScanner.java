package dev.jtrace.tracer.event;

import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Paths of new fds, read from /proc by the reader thread the moment a watch event reports the fd (see {@code
 * FdWatch}), handed to the decoder when it meets the same return in the main stream: same thread, same fd,
 * timestamps within a few microseconds (both tracepoints fire in the same syscall exit).
 */
public final class NewFdScanner {
  /** The two tracepoints of one syscall exit are stamped this close together. */
  private static final long MATCH_NS = 50_000;

  private record Seen(long time, int fd, String path) {}

  /** Reads what fd of pid points to, or null. */
  @FunctionalInterface
  public interface FdLink {
    String readlink(int pid, int fd);
  }

  private final FdLink proc;
  private final Map<Integer, ArrayDeque<Seen>> byTid = new ConcurrentHashMap<>();

  public NewFdScanner(FdLink proc) {
    this.proc = proc;
  }

  /** Reader side: a watch event reported fd; resolve it now. */
  public void newFd(int pid, int tid, long time, int fd) {
    String path = proc.readlink(pid, fd);
    if (path == null) {
      return;
    }
    ArrayDeque<Seen> q = byTid.computeIfAbsent(tid, t -> new ArrayDeque<>());
    synchronized (q) {
      q.addLast(new Seen(time, fd, path));
    }
  }

  /** Decoder side: the path resolved for this return (tid, time, fd), taken once, or null. */
  public String take(int tid, long time, int fd) {
    ArrayDeque<Seen> q = byTid.get(tid);
    if (q == null) {
      return null;
    }
    synchronized (q) {
      Seen s;
      while ((s = q.peekFirst()) != null && s.time < time - MATCH_NS) {
        q.pollFirst(); // stale: its return was lost or filtered out
      }
      if (s != null && s.fd == fd && Math.abs(s.time - time) <= MATCH_NS) {
        q.pollFirst();
        return s.path;
      }
      return null;
    }
  }
}
