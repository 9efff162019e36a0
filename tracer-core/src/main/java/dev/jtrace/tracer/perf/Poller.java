package dev.jtrace.tracer.perf;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;

/**
 * poll(2) over a fixed set of fds: rings (watermark wakeups) and any other fd to wake on, e.g. a
 * pidfd.
 */
public final class Poller implements AutoCloseable {
  private static final short POLLIN = 1;
  private static final short POLLERR = 8;
  private static final short POLLHUP = 0x10;
  private final Arena arena = Arena.ofShared();
  private final MemorySegment fds;
  private final int n;

  public Poller(List<Integer> fdList) {
    n = fdList.size();
    fds = arena.allocate(8L * Math.max(1, n), 8);
    for (int i = 0; i < n; i++) {
      fds.set(ValueLayout.JAVA_INT, 8L * i, fdList.get(i));
      fds.set(ValueLayout.JAVA_SHORT, 8L * i + 4, POLLIN);
    }
  }

  /**
   * Waits up to timeoutMs for any ring to pass its watermark; returns the number ready. A perf
   * event whose tasks have all exited reports POLLHUP at once, forever: such an fd leaves the set
   * (poll skips negative fds), or every later wait would return at once and the reader would spin.
   * Its ring is still drained with the others.
   */
  public int await(int timeoutMs) throws PerfException {
    for (int i = 0; i < n; i++) {
      fds.set(ValueLayout.JAVA_SHORT, 8L * i + 6, (short) 0);
    }
    int ready = NativeCalls.poll(fds, n, timeoutMs);
    if (ready > 0) {
      for (int i = 0; i < n; i++) {
        short revents = fds.get(ValueLayout.JAVA_SHORT, 8L * i + 6);
        if ((revents & (POLLHUP | POLLERR)) != 0 && (revents & POLLIN) == 0) {
          int fd = fds.get(ValueLayout.JAVA_INT, 8L * i);
          fds.set(ValueLayout.JAVA_INT, 8L * i, ~fd);
        }
      }
    }
    return ready;
  }

  @Override
  public void close() {
    arena.close();
  }
}
