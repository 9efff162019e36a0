package dev.jtrace.tracer.perf;

import dev.jtrace.beauty.table.Tables;
import dev.jtrace.perf.abi.AttrCodec;
import dev.jtrace.perf.abi.EventAttr;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/** One open perf event fd and the ioctls on it. Close releases the fd. */
public final class PerfEvent implements AutoCloseable {
  private static final long IOC_ENABLE = 0x2400;
  private static final long IOC_DISABLE = 0x2401;
  private static final long IOC_SET_OUTPUT = 0x2405;
  private static final long IOC_SET_FILTER = 0x40082406L;
  private static final long IOC_ID = 0x80082407L;

  /** PERF_FLAG_FD_CLOEXEC: the workload must not inherit our fds. */
  private static final long FLAG_FD_CLOEXEC =
      Tables.get("perf_event_open_flags").value("PERF_FLAG_FD_CLOEXEC").orElseThrow();

  private final int fd;
  private final String description;
  private boolean closed;

  private PerfEvent(int fd, String description) {
    this.fd = fd;
    this.description = description;
  }

  /**
   * Opens an event for pid (-1: every task) on cpu (-1: any). description names it in errors, e.g.
   * {@code raw_syscalls:sys_enter}.
   */
  public static PerfEvent open(EventAttr attr, int pid, int cpu, String description)
      throws PerfException {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment s = a.allocate(EventAttr.SIZE_CURRENT, 8);
      AttrCodec.write(s.asByteBuffer().order(ByteOrder.nativeOrder()), attr);
      int fd = NativeCalls.perfEventOpen(s, pid, cpu, -1, FLAG_FD_CLOEXEC);
      return new PerfEvent(fd, description);
    } catch (PerfException e) {
      throw new PerfException(
          "cannot open "
              + description
              + (pid >= 0 ? " for pid " + pid : "")
              + " on cpu "
              + cpu
              + ": "
              + e.getMessage()
              + hint(e.errno()),
          e.errno());
    }
  }

  /** What to change when the kernel says no. */
  static String hint(int errno) {
    return switch (errno) {
      case NativeCalls.EACCES, NativeCalls.EPERM ->
          " (run as root, grant CAP_PERFMON, or lower /proc/sys/kernel/perf_event_paranoid to -1)";
      case NativeCalls.ESRCH -> " (no such process)";
      case NativeCalls.ENOENT ->
          " (tracepoint missing: is tracefs mounted at /sys/kernel/tracing?)";
      case NativeCalls.EMFILE -> " (too many open files: raise ulimit -n)";
      case NativeCalls.EINVAL -> " (the kernel rejected the event attributes)";
      default -> "";
    };
  }

  public int fd() {
    return fd;
  }

  public String description() {
    return description;
  }

  public void enable() throws PerfException {
    NativeCalls.ioctl(fd, IOC_ENABLE, 0L);
  }

  public void disable() throws PerfException {
    NativeCalls.ioctl(fd, IOC_DISABLE, 0L);
  }

  /** Sends this event's records into target's ring buffer (same cpu). */
  public void redirectTo(PerfEvent target) throws PerfException {
    NativeCalls.ioctl(fd, IOC_SET_OUTPUT, target.fd);
  }

  /** Installs a tracepoint filter (ftrace filter syntax), evaluated in the kernel. */
  public void setFilter(String filter) throws PerfException {
    try (Arena a = Arena.ofConfined()) {
      NativeCalls.ioctl(fd, IOC_SET_FILTER, a.allocateFrom(filter));
    } catch (PerfException e) {
      throw new PerfException(
          "kernel refused filter '" + filter + "' on " + description + ": " + e.getMessage(),
          e.errno());
    }
  }

  /** The kernel's id for this event, as found in PERF_SAMPLE_IDENTIFIER. */
  public long id() throws PerfException {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment out = a.allocate(ValueLayout.JAVA_LONG);
      NativeCalls.ioctl(fd, IOC_ID, out);
      return out.get(ValueLayout.JAVA_LONG, 0);
    }
  }

  /** Samples the kernel dropped for this event (and its inherited children) so far. */
  public long lostSamples() throws PerfException {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment out = a.allocate(16, 8);
      NativeCalls.read(fd, out);
      return out.get(ValueLayout.JAVA_LONG, 8);
    }
  }

  /**
   * Closes many events at once. Releasing a tracepoint event can wait for an RCU grace period (tens
   * of ms in a VM); closing them one after the other made jtrace's exit take seconds, in parallel
   * it takes one.
   */
  public static void closeAll(List<PerfEvent> events) {
    if (events.size() <= 2) {
      events.forEach(PerfEvent::close);
      return;
    }
    List<Thread> threads = new ArrayList<>();
    for (PerfEvent e : events) {
      threads.add(Thread.ofPlatform().daemon().name("jtrace-close").start(e::close));
    }
    for (Thread t : threads) {
      try {
        t.join();
      } catch (InterruptedException ie) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      NativeCalls.close(fd);
    }
  }
}
