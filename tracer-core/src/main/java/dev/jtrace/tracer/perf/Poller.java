package dev.jtrace.tracer.perf;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;

/** poll(2) over a fixed set of fds: rings (watermark wakeups) and any other fd to wake on, e.g. a pidfd. */
public final class Poller implements AutoCloseable {
  private static final short POLLIN = 1;
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

  /** Waits up to timeoutMs for any ring to pass its watermark; returns the number ready. */
  public int await(int timeoutMs) throws PerfException {
    for (int i = 0; i < n; i++) {
      fds.set(ValueLayout.JAVA_SHORT, 8L * i + 6, (short) 0);
    }
    return NativeCalls.poll(fds, n, timeoutMs);
  }

  @Override
  public void close() {
    arena.close();
  }
}
