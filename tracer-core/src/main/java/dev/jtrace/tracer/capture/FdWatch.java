package dev.jtrace.tracer.capture;

import dev.jtrace.perf.abi.AttrFlag;
import dev.jtrace.perf.abi.EventAttr;
import dev.jtrace.tracer.perf.PerfEvent;
import dev.jtrace.tracer.perf.PerfException;
import dev.jtrace.tracer.perf.RingBuffer;
import dev.jtrace.tracer.perf.Tracefs;
import dev.jtrace.tracer.perf.TracerAttr;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Successful returns of the syscalls that create fds, each waking the reader at once (wakeup_events
 * = 1, unlike the main rings' watermark) so it can read the new fd's path from /proc while the fd
 * is most likely still open. Opens are rare next to reads and writes, so the per-event wakeup costs
 * little. Without eBPF string capture this is the earliest user space can look.
 *
 * <p>The watch uses the tracepoints the capture already has registered: {@code
 * raw_syscalls:sys_exit} with an {@code id} filter when the capture is on raw_syscalls, else the
 * selected {@code syscalls:sys_exit_NAME} events. Releasing the last perf event of a tracepoint
 * waits an RCU grace period under the kernel's event mutex, one tracepoint after the other; a watch
 * on twenty tracepoints of its own made jtrace's exit take over a second.
 */
public final class FdWatch implements AutoCloseable {
  private static final int RING_PAGES = 8;
  private final List<PerfEvent> events = new ArrayList<>();
  private final List<RingBuffer> rings = new ArrayList<>();

  private FdWatch() {}

  /**
   * Opens the watch for the spec's tasks and CPUs.
   *
   * @param syscalls the fd-creating syscalls to watch, name to number
   * @param onRawSyscalls whether to watch through raw_syscalls:sys_exit (one event per ring, an id
   *     filter) rather than through each syscall's own exit tracepoint
   */
  public static FdWatch open(
      Tracefs tracefs, CaptureSpec spec, Map<String, Integer> syscalls, boolean onRawSyscalls)
      throws PerfException {
    FdWatch w = new FdWatch();
    try {
      List<Long> ids = new ArrayList<>();
      List<String> names = new ArrayList<>();
      String pidFilter = SyscallCapture.pidFilter(spec);
      String filter;
      if (onRawSyscalls) {
        StringBuilder idFilter = new StringBuilder();
        for (int nr : new TreeSet<>(syscalls.values())) {
          idFilter.append(idFilter.isEmpty() ? "" : " || ").append("id == ").append(nr);
        }
        if (!idFilter.isEmpty()) {
          ids.add(tracefs.eventId("raw_syscalls", "sys_exit"));
          names.add("raw_syscalls:sys_exit");
        }
        filter = SyscallCapture.and(SyscallCapture.and(idFilter.toString(), "ret >= 0"), pidFilter);
      } else {
        for (String s : new TreeSet<>(syscalls.keySet())) {
          if (tracefs.has("syscalls", "sys_exit_" + s)) {
            ids.add(tracefs.eventId("syscalls", "sys_exit_" + s));
            names.add("syscalls:sys_exit_" + s);
          }
        }
        filter = SyscallCapture.and("ret >= 0", pidFilter);
      }
      if (ids.isEmpty()) {
        return w;
      }
      List<Integer> tasks = spec.systemWide() ? List.of(-1) : spec.tids();
      for (int cpu : spec.cpus()) {
        PerfEvent owner = null;
        for (int task : tasks) {
          for (int i = 0; i < ids.size(); i++) {
            EventAttr attr =
                TracerAttr.tracepoint(ids.get(i))
                    .flags(spec.inherit(), AttrFlag.INHERIT)
                    .flags(spec.enableOnExec(), AttrFlag.ENABLE_ON_EXEC)
                    .build();
            PerfEvent e = PerfEvent.open(attr, task, cpu, names.get(i));
            w.events.add(e);
            e.setFilter(filter);
            if (owner == null) {
              owner = e;
              w.rings.add(RingBuffer.map(e, cpu, RING_PAGES));
            } else {
              e.redirectTo(owner);
            }
          }
        }
      }
      return w;
    } catch (PerfException | RuntimeException e) {
      w.close();
      throw e;
    }
  }

  /** The fds to poll. */
  public List<Integer> pollFds() {
    List<Integer> out = new ArrayList<>();
    for (RingBuffer r : rings) {
      out.add(r.owner().fd());
    }
    return out;
  }

  /**
   * Empties the watch's rings unread: the wakeup was the point, and the new fds' records also reach
   * the main rings, where the reader resolves their paths.
   */
  public void discard() {
    for (RingBuffer r : rings) {
      r.discard();
    }
  }

  public void enable() throws PerfException {
    for (PerfEvent e : events) {
      e.enable();
    }
  }

  @Override
  public void close() {
    for (PerfEvent e : events) {
      try {
        e.disable();
      } catch (PerfException ignored) {
        // closing anyway
      }
    }
    for (RingBuffer r : rings) {
      r.close();
    }
    PerfEvent.closeAll(events);
  }
}
