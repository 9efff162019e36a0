package dev.jtrace.tracer.bpf;

import dev.jtrace.perf.abi.EventAttr;
import dev.jtrace.tracer.bpfobject.AttachPoint;
import dev.jtrace.tracer.bpfobject.BpfObject;
import dev.jtrace.tracer.bpfobject.BpfProgram;
import dev.jtrace.tracer.bpfobject.MapDefinition;
import dev.jtrace.tracer.perf.NativeCalls;
import dev.jtrace.tracer.perf.PerfEvent;
import dev.jtrace.tracer.perf.PerfException;
import dev.jtrace.tracer.perf.Tracefs;
import dev.jtrace.tracer.perf.TracerAttr;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link BpfObject} in the kernel: its maps created, its programs relocated to their fds, loaded
 * (with the object's license and version) and attached. Every perf event array gets one BPF output
 * event per CPU (what {@code perf_event_output(ctx, &__bpf_stdout__, BPF_F_CURRENT_CPU, …)} writes
 * to), which the caller redirects into its rings: their samples carry the program's bytes and are
 * ordered with the syscalls. A tracepoint program is attached to the tracepoint itself, so its 0
 * return drops that hit for every perf event on it: jtrace's own sample of a syscall entry too.
 */
public final class LoadedObject implements AutoCloseable {
  private static final int PERF_TYPE_SOFTWARE = 1;
  private static final int PERF_COUNT_SW_BPF_OUTPUT = 10;

  private final BpfObject object;
  private final List<Integer> fds = new ArrayList<>();
  private final List<PerfEvent> attachments = new ArrayList<>();
  private final Map<Integer, List<PerfEvent>> outputsByCpu = new HashMap<>();
  private final Map<Long, String> outputMapById = new LinkedHashMap<>();
  private int maxStack;

  private LoadedObject(BpfObject object) {
    this.object = object;
  }

  /**
   * Loads and attaches the object on these CPUs; on failure nothing stays open and the message
   * names the object and the program or map.
   */
  public static LoadedObject load(
      BpfObject object, Tracefs tracefs, List<Integer> cpus, int watermark) throws PerfException {
    return load(object, tracefs, cpus, watermark, 0);
  }

  /**
   * As {@link #load(BpfObject, Tracefs, List, int)}, each output sample carrying the stack where
   * the program wrote it (kernel frames, then the user's) when maxStack is positive: {@code -e
   * filter.o/max-stack=5/}.
   */
  public static LoadedObject load(
      BpfObject object, Tracefs tracefs, List<Integer> cpus, int watermark, int maxStack)
      throws PerfException {
    LoadedObject o = new LoadedObject(object);
    try {
      o.open(tracefs, cpus, watermark, maxStack);
      return o;
    } catch (PerfException | RuntimeException e) {
      o.close();
      if (e instanceof PerfException p) {
        throw new PerfException(object.file() + ": " + p.getMessage(), p.errno());
      }
      throw e;
    }
  }

  private void open(Tracefs tracefs, List<Integer> cpus, int watermark, int maxStack)
      throws PerfException {
    int maxCpu = cpus.stream().mapToInt(Integer::intValue).max().orElse(0);
    Map<String, Integer> mapFds = new HashMap<>();
    EventAttr.Builder output =
        TracerAttr.sampled(PERF_TYPE_SOFTWARE, PERF_COUNT_SW_BPF_OUTPUT).wakeupWatermark(watermark);
    this.maxStack = maxStack;
    EventAttr outputAttr =
        (maxStack > 0 ? TracerAttr.withCallchain(output, maxStack, true) : output).build();
    for (MapDefinition m : object.maps()) {
      int entries = m.isPerfEventArray() && m.maxEntries() == 0 ? maxCpu + 1 : m.maxEntries();
      int keySize = m.isPerfEventArray() && m.keySize() == 0 ? 4 : m.keySize();
      int valueSize = m.isPerfEventArray() && m.valueSize() == 0 ? 4 : m.valueSize();
      int fd;
      try {
        fd = Bpf.createMap(m.type(), keySize, valueSize, entries, m.flags());
      } catch (PerfException e) {
        throw new PerfException("map " + m.name() + ": " + e.getMessage(), e.errno());
      }
      fds.add(fd);
      mapFds.put(m.name(), fd);
      if (m.isPerfEventArray()) {
        for (int cpu : cpus) {
          if (cpu >= entries) {
            continue;
          }
          PerfEvent out = PerfEvent.open(outputAttr, -1, cpu, m.name());
          outputsByCpu.computeIfAbsent(cpu, c -> new ArrayList<>()).add(out);
          outputMapById.put(out.id(), m.name());
          Bpf.updateU32(fd, cpu, out.fd());
        }
      }
    }
    int anchorCpu = cpus.isEmpty() ? 0 : cpus.getFirst();
    for (BpfProgram p : object.programs()) {
      long[] insns = p.relocated(mapFds::get);
      AttachPoint at = p.attach();
      int type =
          at.kind() == AttachPoint.Kind.TRACEPOINT ? Bpf.PROG_TRACEPOINT : Bpf.PROG_RAW_TRACEPOINT;
      int prog;
      try {
        prog = Bpf.loadProgram(type, insns, p.name(), object.license(), object.kernelVersion());
      } catch (PerfException e) {
        throw new PerfException(
            "program " + p.name() + " (" + p.section() + "): " + e.getMessage(), e.errno());
      }
      fds.add(prog);
      if (at.kind() == AttachPoint.Kind.TRACEPOINT) {
        long id;
        try {
          id = tracefs.eventId(at.system(), at.event());
        } catch (PerfException e) {
          throw new PerfException(
              "program " + p.name() + ": no tracepoint " + at + " (section " + p.section() + ")",
              e.errno());
        }
        attachments.add(TaskTracepoints.attach(id, prog, anchorCpu, at.toString()));
      } else {
        fds.add(Bpf.attachRawTracepoint(at.event(), prog));
      }
    }
  }

  public BpfObject object() {
    return object;
  }

  /** The map each output event writes for, by the event's sample id. */
  /** The frames of the stack each output sample carries, or 0: none. */
  public int maxStack() {
    return maxStack;
  }

  public Map<Long, String> outputMapById() {
    return outputMapById;
  }

  /** Sends the outputs written on cpu into the ring that event owns. */
  public void redirectInto(int cpu, PerfEvent ringOwner) throws PerfException {
    for (PerfEvent out : outputsByCpu.getOrDefault(cpu, List.of())) {
      out.redirectTo(ringOwner);
    }
  }

  /** Switches the output events on. */
  public void enable() throws PerfException {
    for (List<PerfEvent> events : outputsByCpu.values()) {
      for (PerfEvent e : events) {
        e.enable();
      }
    }
  }

  @Override
  public void close() {
    for (PerfEvent e : attachments) {
      e.close();
    }
    attachments.clear();
    for (List<PerfEvent> events : outputsByCpu.values()) {
      events.forEach(PerfEvent::close);
    }
    outputsByCpu.clear();
    for (int fd : fds) {
      NativeCalls.close(fd);
    }
    fds.clear();
  }
}
