package dev.jtrace.tracer.capture;

import dev.jtrace.perf.abi.AttrFlag;
import dev.jtrace.perf.abi.EventAttr;
import dev.jtrace.perf.abi.SampleType;
import dev.jtrace.perfdata.tracing.SyscallFields;
import dev.jtrace.perfdata.tracing.TracepointFormat;
import dev.jtrace.tracer.event.SyscallTracepoints;
import dev.jtrace.tracer.event.TracepointTable;
import dev.jtrace.tracer.options.CallGraph;
import dev.jtrace.tracer.perf.PerfEvent;
import dev.jtrace.tracer.perf.PerfException;
import dev.jtrace.tracer.perf.Poller;
import dev.jtrace.tracer.perf.RecordSink;
import dev.jtrace.tracer.perf.RingBuffer;
import dev.jtrace.tracer.perf.Tracefs;
import dev.jtrace.tracer.perf.TracerAttr;
import dev.jtrace.tracer.select.SyscallSelection;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The syscall tracepoints of one {@link CaptureSpec}, opened: per CPU one ring (owned by the first
 * event opened on that CPU) into which every other event on the CPU is redirected. Kernel-side
 * filters select the syscalls and drop excluded tasks. Close releases every mapping and fd.
 */
public final class SyscallCapture implements AutoCloseable {
  private final List<PerfEvent> events = new ArrayList<>();
  private final List<RingBuffer> rings = new ArrayList<>();

  /**
   * One event per sys_enter tracepoint: a BPF program attaches to the tracepoint through any one of
   * them.
   */
  private final Map<Long, PerfEvent> enterEvents = new LinkedHashMap<>();

  private final SyscallTracepoints tracepoints = new SyscallTracepoints();
  private final List<String> description = new ArrayList<>();
  private Poller poller;
  private boolean onRawSyscalls;

  private SyscallCapture() {}

  /**
   * No such process (errno-base: the same on every arch): a target ended before its events were
   * opened.
   */
  private static final int ESRCH = 3;

  /** One tracepoint pair to open: enter/exit ids, the kernel filter, and a name for messages. */
  private record Pair(
      String enterName,
      long enterId,
      String exitName,
      long exitId,
      String filter,
      int stack,
      int dwarfStackSize) {}

  /** The ids of the exit events whose samples carry a callchain (see {@link #callchainIds()}). */
  private final List<Long> callchainIds = new ArrayList<>();

  /** Those of them that carry the user registers and stack instead (see {@link #dwarfIds()}). */
  private final List<Long> dwarfIds = new ArrayList<>();

  public static SyscallCapture open(Tracefs tracefs, CaptureSpec spec, PrintStream verbose)
      throws PerfException {
    SyscallCapture c = new SyscallCapture();
    try {
      c.openAll(tracefs, spec, verbose);
      return c;
    } catch (PerfException | RuntimeException e) {
      c.close();
      throw e;
    }
  }

  private void openAll(Tracefs tracefs, CaptureSpec spec, PrintStream verbose)
      throws PerfException {
    List<Pair> pairs = choosePairs(tracefs, spec);
    int watermark = spec.watermarkBytes();
    List<Integer> tasks = spec.systemWide() ? List.of(-1) : spec.tids();
    PerfException vanished = null;
    for (int cpu : spec.cpus()) {
      PerfEvent ringOwner = null;
      nextTask:
      for (int task : tasks) {
        boolean first = true;
        for (Pair p : pairs) {
          for (int half = 0; half < 2; half++) {
            long id = half == 0 ? p.enterId : p.exitId;
            String name = half == 0 ? p.enterName : p.exitName;
            boolean chain = half == 1 && p.stack > 0;
            EventAttr.Builder builder =
                TracerAttr.tracepoint(id)
                    .flags(spec.inherit(), AttrFlag.INHERIT)
                    .flags(spec.enableOnExec(), AttrFlag.ENABLE_ON_EXEC)
                    .wakeupWatermark(watermark)
                    .flags(first, AttrFlag.COMM, AttrFlag.COMM_EXEC, AttrFlag.TASK)
                    .flags(first && spec.callGraph().any(), AttrFlag.MMAP, AttrFlag.MMAP2);
            EventAttr attr =
                (!chain
                        ? builder
                        : p.dwarfStackSize > 0
                            ? TracerAttr.withUserStack(
                                builder, p.stack, spec.callGraph().kernel(), p.dwarfStackSize)
                            : TracerAttr.withCallchain(builder, p.stack, spec.callGraph().kernel()))
                    .build();
            PerfEvent e;
            try {
              e = PerfEvent.open(attr, task, cpu, name);
            } catch (PerfException x) {
              if (first && x.errno() == ESRCH && tasks.size() > 1) {
                vanished =
                    x; // one of several targets ended since it was found (-p, -u): trace the rest
                continue nextTask;
              }
              throw x;
            }
            first = false;
            events.add(e);
            if (chain) {
              callchainIds.add(e.id());
              if (p.dwarfStackSize > 0) {
                dwarfIds.add(e.id());
              }
            }
            if (half == 0) {
              enterEvents.putIfAbsent(id, e);
            }
            if (p.filter != null) {
              e.setFilter(p.filter);
            }
            ringOwner = intoRing(e, cpu, spec.ringPages(), ringOwner);
          }
        }
      }
    }
    if (events.isEmpty() && vanished != null) {
      throw vanished;
    }
    description.add(
        events.size()
            + " events on "
            + spec.cpus().size()
            + " cpus, "
            + (spec.systemWide() ? "system-wide" : tasks.size() + " tasks")
            + ", "
            + spec.ringPages()
            + " pages per ring");
    for (Pair p : pairs) {
      description.add(
          p.enterName + "/" + p.exitName + (p.filter != null ? " filter: " + p.filter : ""));
    }
    if (verbose != null) {
      description.forEach(d -> verbose.println("jtrace: " + d));
    }
    poller = new Poller(pollFds());
  }

  /**
   * No syscall events, only the tasks' side-band records (COMM, FORK, EXIT) on one dummy event per
   * CPU and task, in small rings: the paired BPF capture brings the calls.
   */
  public static SyscallCapture openSideBand(CaptureSpec spec, PrintStream verbose)
      throws PerfException {
    SyscallCapture c = new SyscallCapture();
    try {
      c.openSideBandEvents(spec, verbose);
      return c;
    } catch (PerfException | RuntimeException e) {
      c.close();
      throw e;
    }
  }

  private static final int PERF_TYPE_SOFTWARE = 1;
  private static final int PERF_COUNT_SW_DUMMY = 9;
  private static final int SIDE_BAND_PAGES = 64;

  private void openSideBandEvents(CaptureSpec spec, PrintStream verbose) throws PerfException {
    int pages = Math.min(SIDE_BAND_PAGES, spec.ringPages());
    List<Integer> tasks = spec.systemWide() ? List.of(-1) : spec.tids();
    PerfException vanished = null;
    for (int cpu : spec.cpus()) {
      PerfEvent ringOwner = null;
      for (int task : tasks) {
        EventAttr attr =
            TracerAttr.sampled(PERF_TYPE_SOFTWARE, PERF_COUNT_SW_DUMMY)
                .flags(spec.inherit(), AttrFlag.INHERIT)
                .flags(spec.enableOnExec(), AttrFlag.ENABLE_ON_EXEC)
                .wakeupWatermark(CaptureSpec.watermarkBytes(pages))
                .flags(true, AttrFlag.COMM, AttrFlag.COMM_EXEC, AttrFlag.TASK)
                .build();
        PerfEvent e;
        try {
          e = PerfEvent.open(attr, task, cpu, "side-band");
        } catch (PerfException x) {
          if (x.errno() == ESRCH && tasks.size() > 1) {
            vanished = x; // one of several targets ended since it was found: trace the rest
            continue;
          }
          throw x;
        }
        events.add(e);
        ringOwner = intoRing(e, cpu, pages, ringOwner);
      }
    }
    if (events.isEmpty() && vanished != null) {
      throw vanished;
    }
    description.add(
        events.size()
            + " side-band events on "
            + spec.cpus().size()
            + " cpus, "
            + pages
            + " pages per ring");
    if (verbose != null) {
      description.forEach(d -> verbose.println("jtrace: " + d));
    }
    poller = new Poller(pollFds());
  }

  /**
   * Opens these tracepoints (sched_switch, signal_deliver, …) beside what is open, per CPU and task
   * as the syscall events, each redirected into its CPU's ring and enabled with them; the table
   * tells the decoder their formats.
   */
  public TracepointTable addTracepoints(CaptureSpec spec, List<TracepointFormat> formats)
      throws PerfException {
    TracepointTable table = new TracepointTable();
    String filter = pidFilter(spec);
    List<Integer> tasks = spec.systemWide() ? List.of(-1) : spec.tids();
    for (TracepointFormat f : formats) {
      table.add(f);
      boolean stacks = spec.callGraph().any();
      for (RingBuffer ring : List.copyOf(rings)) {
        for (int task : tasks) {
          EventAttr.Builder b =
              TracerAttr.tracepoint(f.id())
                  .flags(spec.inherit(), AttrFlag.INHERIT)
                  .flags(spec.enableOnExec(), AttrFlag.ENABLE_ON_EXEC)
                  .wakeupWatermark(spec.watermarkBytes());
          if (stacks) {
            // the kernel's frames too, as perf trace samples a tracepoint's stack; and the
            // mappings that name the user's (beside the syscall events', if any: the same again)
            TracerAttr.withCallchain(b, spec.callGraph().maxStackOf(f.fullName()), true)
                .flags(AttrFlag.MMAP, AttrFlag.MMAP2);
          }
          EventAttr attr =
              b.sampleType(
                      stacks
                          ? TracerAttr.COUNTED_SAMPLE_TYPE | SampleType.CALLCHAIN
                          : TracerAttr.COUNTED_SAMPLE_TYPE)
                  .build();
          PerfEvent e;
          try {
            e = PerfEvent.open(attr, task, ring.cpu(), f.fullName());
          } catch (PerfException x) {
            if (x.errno() == ESRCH && tasks.size() > 1) {
              continue; // one of several targets ended since it was found
            }
            throw x;
          }
          events.add(e);
          if (filter != null) {
            e.setFilter(filter);
          }
          e.redirectTo(ring.owner());
          table.addEvent(e.id(), stacks);
        }
      }
      description.add(f.fullName() + (filter != null ? " filter: " + filter : ""));
    }
    return table;
  }

  /**
   * The sample ids of the page-fault events opened, major and minor, each sorted; {@code
   * callchains}: their samples carry a stack.
   */
  public record FaultIds(long[] major, long[] minor, boolean callchains) {
    public static final FaultIds NONE = new FaultIds(new long[0], new long[0], false);
  }

  /**
   * Opens the page-fault events these kinds ask for, per CPU and task as the tracepoints, into the
   * same rings. The first of them per CPU and task also reports every mapping (MMAP2 with
   * mmap_data, as perf trace -F): a fault's address is named by the mapping that holds it.
   */
  public FaultIds addPageFaults(CaptureSpec spec, boolean major, boolean minor)
      throws PerfException {
    List<Integer> tasks = spec.systemWide() ? List.of(-1) : spec.tids();
    List<Long> majorIds = new ArrayList<>();
    List<Long> minorIds = new ArrayList<>();
    boolean stacks = spec.callGraph().any();
    for (RingBuffer ring : List.copyOf(rings)) {
      for (int task : tasks) {
        boolean first = true;
        for (int kind = 0; kind < 2; kind++) {
          boolean isMajor = kind == 0;
          if (isMajor ? !major : !minor) {
            continue;
          }
          EventAttr.Builder b =
              TracerAttr.pageFaults(
                      isMajor
                          ? TracerAttr.PERF_COUNT_SW_PAGE_FAULTS_MAJ
                          : TracerAttr.PERF_COUNT_SW_PAGE_FAULTS_MIN)
                  .flags(spec.inherit(), AttrFlag.INHERIT)
                  .flags(spec.enableOnExec(), AttrFlag.ENABLE_ON_EXEC)
                  .flags(first, AttrFlag.MMAP, AttrFlag.MMAP2, AttrFlag.MMAP_DATA)
                  .wakeupWatermark(spec.watermarkBytes());
          if (stacks) {
            // as perf trace -F --call-graph: the fault's stack, kernel frames too
            TracerAttr.withCallchain(b, spec.callGraph().maxStack(), true)
                .sampleType(TracerAttr.FAULT_SAMPLE_TYPE | SampleType.CALLCHAIN);
          }
          EventAttr attr = b.build();
          PerfEvent e;
          try {
            e = PerfEvent.open(attr, task, ring.cpu(), isMajor ? "major-faults" : "minor-faults");
          } catch (PerfException x) {
            if (x.errno() == ESRCH && tasks.size() > 1) {
              break; // one of several targets ended since it was found
            }
            throw x;
          }
          events.add(e);
          e.redirectTo(ring.owner());
          (isMajor ? majorIds : minorIds).add(e.id());
          first = false;
        }
      }
    }
    description.add(
        (major && minor ? "major-faults, minor-faults" : major ? "major-faults" : "minor-faults")
            + " with their mappings");
    return new FaultIds(sorted(majorIds), sorted(minorIds), stacks);
  }

  private static long[] sorted(List<Long> ids) {
    long[] a = ids.stream().mapToLong(Long::longValue).toArray();
    Arrays.sort(a);
    return a;
  }

  /**
   * The first event on a CPU owns its ring; every later one is redirected into it. Returns the
   * owner.
   */
  private PerfEvent intoRing(PerfEvent e, int cpu, int pages, PerfEvent ringOwner)
      throws PerfException {
    if (ringOwner == null) {
      rings.add(RingBuffer.map(e, cpu, pages));
      return e;
    }
    e.redirectTo(ringOwner);
    return ringOwner;
  }

  private List<Pair> choosePairs(Tracefs tracefs, CaptureSpec spec) throws PerfException {
    String pidFilter = pidFilter(spec);
    // kernel frames of a stack come with raw_syscalls: syscalls:* samples carry the user's regs
    if (spec.syscalls() != null
        && !spec.callGraph().kernel()
        && !spec.syscalls().negated()
        && spec.syscalls().listed().size() <= CaptureSpec.MAX_PER_SYSCALL_TRACEPOINTS) {
      Optional<List<Pair>> per = perSyscall(tracefs, spec, pidFilter);
      if (per.isPresent()) {
        return per.get();
      }
    }
    long enter = tracefs.eventId("raw_syscalls", "sys_enter");
    long exit = tracefs.eventId("raw_syscalls", "sys_exit");
    tracepoints.addRaw(enter, exit);
    onRawSyscalls = true;
    String filter = and(idFilter(spec.syscalls()), pidFilter);
    int stack = 0;
    if (spec.callGraph().any()) { // one exit event for all calls: as deep as the deepest asked
      stack = spec.callGraph().maxStack();
      for (CallGraph.EventStack q : spec.callGraph().perEvent().values()) {
        stack = Math.max(stack, q.maxStack());
      }
    }
    return List.of(
        new Pair(
            "raw_syscalls:sys_enter",
            enter,
            "raw_syscalls:sys_exit",
            exit,
            filter,
            stack,
            stack > 0 && spec.callGraph().anyDwarf()
                ? spec.callGraph().largestDwarfStackSize()
                : 0));
  }

  /** syscalls:sys_enter_NAME pairs when every selected syscall has its own tracepoints. */
  private Optional<List<Pair>> perSyscall(Tracefs tracefs, CaptureSpec spec, String pidFilter)
      throws PerfException {
    List<Pair> out = new ArrayList<>();
    for (int nr : new TreeSet<>(spec.syscalls().listed())) {
      String name = spec.syscallNames().get(nr);
      if (name == null
          || !tracefs.has("syscalls", "sys_enter_" + name)
          || !tracefs.has("syscalls", "sys_exit_" + name)) {
        return Optional.empty();
      }
      Optional<TracepointFormat> format = tracefs.format("syscalls", "sys_enter_" + name);
      if (format.isEmpty()) {
        return Optional.empty();
      }
      // Fields after common_* and __syscall_nr are the arguments, 8 bytes each from offset 16,
      // then (6.19+) the kernel's copies of some arguments' user memory.
      SyscallFields fields = SyscallFields.of(format.get());
      long enter = tracefs.eventId("syscalls", "sys_enter_" + name);
      long exit = tracefs.eventId("syscalls", "sys_exit_" + name);
      tracepoints.addEnter(enter, Math.min(fields.argCount(), 6));
      tracepoints.addCopies(enter, fields);
      tracepoints.addExit(exit);
      out.add(
          new Pair(
              "syscalls:sys_enter_" + name,
              enter,
              "syscalls:sys_exit_" + name,
              exit,
              pidFilter,
              spec.callGraph().maxStackOf(name),
              spec.callGraph().maxStackOf(name) > 0
                      && spec.callGraph().modeOf(name) == CallGraph.Mode.DWARF
                  ? spec.callGraph().dwarfStackSizeOf(name)
                  : 0));
    }
    return Optional.of(out);
  }

  /** {@code id == a || id == b}, or {@code id != a && id != b} for a negated selection. */
  static String idFilter(SyscallSelection.Selection syscalls) {
    if (syscalls == null) {
      return null;
    }
    String op = syscalls.negated() ? " != " : " == ";
    String join = syscalls.negated() ? " && " : " || ";
    StringBuilder f = new StringBuilder();
    for (int nr : new TreeSet<>(syscalls.listed())) {
      if (!f.isEmpty()) {
        f.append(join);
      }
      f.append("id").append(op).append(nr);
    }
    return f.toString();
  }

  static String pidFilter(CaptureSpec spec) {
    if (spec.excludedTids().isEmpty()) {
      return null;
    }
    StringBuilder f = new StringBuilder();
    for (int tid : new TreeSet<>(spec.excludedTids())) {
      if (!f.isEmpty()) {
        f.append(" && ");
      }
      f.append("common_pid != ").append(tid);
    }
    return f.toString();
  }

  static String and(String a, String b) {
    if (a == null) {
      return b;
    }
    if (b == null) {
      return a;
    }
    return "(" + a + ") && (" + b + ")";
  }

  /** Whether the capture is on raw_syscalls (else on the selected syscalls' own tracepoints). */
  public boolean onRawSyscalls() {
    return onRawSyscalls;
  }

  /** The sample ids of the exit events whose samples carry a callchain (empty: none). */
  public long[] callchainIds() {
    return callchainIds.stream().mapToLong(Long::longValue).toArray();
  }

  /**
   * The ids of the exit events whose samples carry the user registers and a copy of the user stack
   * after the raw data (--call-graph dwarf), a subset of {@link #callchainIds()}.
   */
  public long[] dwarfIds() {
    return dwarfIds.stream().mapToLong(Long::longValue).toArray();
  }

  public SyscallTracepoints tracepoints() {
    return tracepoints;
  }

  /** One open event of each sys_enter tracepoint in use, by tracepoint id. */
  public Map<Long, PerfEvent> enterEventsById() {
    return Collections.unmodifiableMap(enterEvents);
  }

  public List<RingBuffer> rings() {
    return rings;
  }

  /** Lines for -v: what was opened and with which filters. */
  public List<String> description() {
    return description;
  }

  public void enable() throws PerfException {
    for (PerfEvent e : events) {
      e.enable();
    }
  }

  public void disable() {
    for (PerfEvent e : events) {
      try {
        e.disable();
      } catch (PerfException ignored) {
        // closing follows; a failed disable changes nothing
      }
    }
  }

  private final List<Integer> extraFds = new ArrayList<>();

  private List<Integer> pollFds() {
    List<Integer> fds = new ArrayList<>();
    for (RingBuffer r : rings) {
      fds.add(r.owner().fd());
    }
    fds.addAll(extraFds);
    return fds;
  }

  /** {@link #await} also returns when fd becomes readable (a pidfd: the target exited). */
  public void wakeAlsoOn(int fd) {
    extraFds.add(fd);
    poller.close();
    poller = new Poller(pollFds());
  }

  /** Waits for a watermark wakeup or the timeout. */
  public void await(int timeoutMs) throws PerfException {
    poller.await(timeoutMs);
  }

  /**
   * Records the kernel dropped on every event, reported or not: a drop after the last record
   * written to a ring is never followed by a PERF_RECORD_LOST.
   */
  public long kernelLost() {
    long n = 0;
    for (PerfEvent e : events) {
      try {
        n += e.lostSamples();
      } catch (PerfException ignored) {
        // an event we cannot read has nothing to add
      }
    }
    return n;
  }

  /** Drains every ring into sink; returns the number of records. */
  public int drain(RecordSink sink) {
    int n = 0;
    for (RingBuffer r : rings) {
      n += r.drain(sink);
    }
    return n;
  }

  @Override
  public void close() {
    disable();
    if (poller != null) {
      poller.close();
    }
    for (RingBuffer r : rings) {
      r.close();
    }
    PerfEvent.closeAll(events);
    rings.clear();
    events.clear();
    enterEvents.clear();
  }
}
