package dev.jtrace.tracer.capture;

import dev.jtrace.tracer.perf.PerfEvent;
import dev.jtrace.tracer.perf.PerfEventAttr;
import dev.jtrace.tracer.perf.PerfException;
import dev.jtrace.tracer.perf.RecordSink;
import dev.jtrace.tracer.perf.RecordType;
import dev.jtrace.tracer.perf.RingBuffer;
import dev.jtrace.tracer.perf.SampleLayout;
import dev.jtrace.tracer.perf.Tracefs;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Successful returns of the syscalls that create fds ({@code syscalls:sys_exit_openat}, …), each waking the
 * reader at once (wakeup_events = 1, unlike the main rings' watermark) so it can read the new fd's path from
 * /proc while the fd is most likely still open. Opens are rare next to reads and writes, so the per-event
 * wakeup costs little. Without eBPF string capture this is the earliest user space can look.
 */
public final class FdWatch implements AutoCloseable {
  /** A new fd seen returned: who, when, which. */
  @FunctionalInterface
  public interface Listener {
    void newFd(int pid, int tid, long time, int fd);
  }

  private static final int RING_PAGES = 8;
  private final List<PerfEvent> events = new ArrayList<>();
  private final List<RingBuffer> rings = new ArrayList<>();

  private FdWatch() {}

  /** Opens the watch for the spec's tasks and CPUs on each named syscall that has an exit tracepoint. */
  public static FdWatch open(Tracefs tracefs, CaptureSpec spec, Collection<String> syscalls)
      throws PerfException {
    FdWatch w = new FdWatch();
    try {
      List<Long> ids = new ArrayList<>();
      List<String> names = new ArrayList<>();
      for (String s : syscalls) {
        if (tracefs.has("syscalls", "sys_exit_" + s)) {
          ids.add(tracefs.eventId("syscalls", "sys_exit_" + s));
          names.add("syscalls:sys_exit_" + s);
        }
      }
      String pidFilter = SyscallCapture.pidFilter(spec);
      String filter = SyscallCapture.and("ret >= 0", pidFilter);
      List<Integer> tasks = spec.systemWide() ? List.of(-1) : spec.tids();
      for (int cpu : spec.cpus()) {
        PerfEvent owner = null;
        for (int task : tasks) {
          for (int i = 0; i < ids.size(); i++) {
            PerfEventAttr attr =
                PerfEventAttr.tracepoint(ids.get(i))
                    .withInherit(spec.inherit())
                    .withEnableOnExec(spec.enableOnExec());
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

  /** Reports every new fd returned since the last call. */
  public void drain(Listener listener) {
    RecordSink sink =
        (MemorySegment s, long o, int type, int misc, int size) -> {
          if (type != RecordType.SAMPLE) {
            return;
          }
          int pid = s.get(ValueLayout.JAVA_INT_UNALIGNED, o + SampleLayout.SAMPLE_PID);
          int tid = s.get(ValueLayout.JAVA_INT_UNALIGNED, o + SampleLayout.SAMPLE_TID);
          long time = s.get(ValueLayout.JAVA_LONG_UNALIGNED, o + SampleLayout.SAMPLE_TIME);
          long ret =
              s.get(ValueLayout.JAVA_LONG_UNALIGNED, o + SampleLayout.SAMPLE_RAW + SampleLayout.RAW_ARGS);
          listener.newFd(pid, tid, time, (int) ret);
        };
    for (RingBuffer r : rings) {
      r.drain(sink);
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
    for (PerfEvent e : events) {
      e.close();
    }
  }
}
