package dev.jtrace.tracer.bpf;

import dev.jtrace.beauty.Arch;
import dev.jtrace.tracer.perf.NativeCalls;
import dev.jtrace.tracer.perf.OnlineCpus;
import dev.jtrace.tracer.perf.PerfEvent;
import dev.jtrace.tracer.perf.PerfException;
import dev.jtrace.tracer.perf.Tracefs;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;

/**
 * Syscalls captured in the kernel by one BPF program pair that joins entry and exit: per thread a
 * record (see {@link PairedLayout}) filled at raw_syscalls:sys_enter with the number, arguments,
 * time and entry contents, completed at sys_exit with the return and exit contents and copied into
 * one BPF ring buffer ({@link BpfRing}) without a wakeup: the consumer drains on its own timer. Raw
 * tracepoints, not tp_btf: they need no BTF type ids and load on kernels from 4.17; the arguments
 * are read from pt_regs with one bpf_probe_read_kernel.
 *
 * <p>Calls in flight are in the per-thread map: {@link #copyInFlight} copies them out, framed like
 * ring records, for the consumer to print interrupted calls and calls still blocked at the end. A
 * call whose record the ring had no room for is counted per CPU ({@link #lostCalls}).
 */
public final class PairedCapture implements AutoCloseable {
  private static final int MAX_THREADS = 1 << 16;

  /** A per-CPU map's lookup writes one value per possible CPU. */
  private static final int POSSIBLE_CPUS = OnlineCpus.possible();

  private final List<Integer> fds = new ArrayList<>();
  private final List<PerfEvent> events = new ArrayList<>();
  private final List<Integer> links = new ArrayList<>();
  private final Arena arena = Arena.ofShared();
  private final MemorySegment key = arena.allocate(4);
  private final MemorySegment next = arena.allocate(4);
  private final MemorySegment lostPerCpu = arena.allocate(8L * POSSIBLE_CPUS, 8);
  private final MemorySegment value;
  private final ContentPlan plan;
  private final int recordSize;
  private int tids;

  /**
   * The array the programs test each raw syscall number in first (NATIVE_CAPTURED,
   * COMPAT_CAPTURED).
   */
  private int syscallsMap = -1;

  private int records;
  private int lost;
  private boolean inFlightLeft;
  private int enterProg;
  private int exitProg;

  /** With {@link #onFunctions}: per target its fentry and fexit programs; else null. */
  private List<SyscallFunctions.Target> functions;

  private final List<int[]> functionProgs = new ArrayList<>();

  /** With {@link #onSyscallTracepoints}: the syscalls whose own tracepoints run the programs. */
  private List<SyscallEvents> syscallEvents;

  private final List<int[]> tracepointProgs = new ArrayList<>();

  /** The disabled events the tracepoint programs hang on while started. */
  private final List<PerfEvent> tracepointAnchors = new ArrayList<>();

  private int anchorCpu;
  private BpfRing ring;

  private PairedCapture(ContentPlan plan) {
    this.plan = plan;
    this.recordSize = plan.recordSize();
    this.value = arena.allocate(recordSize, 8);
  }

  /** How the capture is set up. */
  /**
   * @param allTasks every task but the excluded ones (system-wide), else the traced ones
   * @param followForks a traced thread's children are traced too (not under --no-inherit)
   * @param ringBytes the ring buffer's size (rounded up to a power of two)
   * @param anchorCpu the CPU the scheduler tracepoints' anchor events are opened on
   * @param compatOffset thread_info.status's offset in task_struct, or -1 (no compat flag)
   */
  public record Settings(
      Arch arch,
      boolean allTasks,
      boolean followForks,
      long ringBytes,
      int anchorCpu,
      int compatOffset) {}

  /**
   * Creates the maps and loads every program (so a kernel that refuses one fails here, before
   * anything runs); {@link #start} attaches the syscall programs.
   */
  public static PairedCapture open(Tracefs tracefs, ContentPlan plan, Settings settings)
      throws PerfException {
    return open(tracefs, plan, settings, CallFilter.NONE);
  }

  /** As {@link #open(Tracefs, ContentPlan, Settings)}, keeping only the calls the filter passes. */
  public static PairedCapture open(
      Tracefs tracefs, ContentPlan plan, Settings settings, CallFilter filter)
      throws PerfException {
    SyscallRegs regs =
        SyscallRegs.of(settings.arch())
            .orElseThrow(
                () ->
                    new PerfException(
                        "no paired capture on " + settings.arch().id() + " (pt_regs unknown)", 0));
    PairedCapture c = new PairedCapture(plan);
    return c.loaded(tracefs, regs, settings, filter);
  }

  /**
   * As {@link #open(Tracefs, ContentPlan, Settings, CallFilter)} with the syscall programs on the
   * targets' kernel functions (fentry/fexit) instead of the raw syscall tracepoints: no syscall
   * tracepoint is enabled, so no task is sent down the kernel's slow syscall path, and nothing runs
   * for the calls not selected. A kernel that refuses fentry fails here.
   */
  public static PairedCapture onFunctions(
      Tracefs tracefs,
      ContentPlan plan,
      Settings settings,
      CallFilter filter,
      List<SyscallFunctions.Target> targets)
      throws PerfException {
    if (targets.isEmpty()) {
      throw new PerfException("no kernel function to attach to", 0);
    }
    SyscallRegs regs =
        SyscallRegs.of(settings.arch())
            .orElseThrow(
                () -> new PerfException("no fentry capture on " + settings.arch().id(), 0));
    PairedCapture c = new PairedCapture(plan);
    c.functions = List.copyOf(targets);
    return c.loaded(tracefs, regs, settings, filter);
  }

  /**
   * One syscall's own tracepoints, for {@link #onSyscallTracepoints}.
   *
   * @param name the syscall's name in its tracepoints (syscalls:sys_enter_NAME)
   * @param argCount the arguments its entry format declares
   */
  public record SyscallEvents(int nr, String name, long enterId, long exitId, int argCount) {}

  /**
   * As {@link #open(Tracefs, ContentPlan, Settings, CallFilter)} with the syscall programs on each
   * selected syscall's own tracepoints (syscalls:sys_enter_NAME/sys_exit_NAME) instead of the raw
   * ones: nothing runs for the calls not selected, where the raw tracepoints' programs run for
   * every call of every task. What the kernel lets when fentry is refused; the tasks still take the
   * slow syscall path, as under perf's own syscall tracepoints.
   */
  public static PairedCapture onSyscallTracepoints(
      Tracefs tracefs,
      ContentPlan plan,
      Settings settings,
      CallFilter filter,
      List<SyscallEvents> targets)
      throws PerfException {
    if (targets.isEmpty()) {
      throw new PerfException("no syscall tracepoint to attach to", 0);
    }
    SyscallRegs regs =
        SyscallRegs.of(settings.arch())
            .orElseThrow(
                () -> new PerfException("no paired capture on " + settings.arch().id(), 0));
    PairedCapture c = new PairedCapture(plan);
    c.syscallEvents = List.copyOf(targets);
    return c.loaded(tracefs, regs, settings, filter);
  }

  /** Loads the programs, or closes what was made and says why (a plan too large for one). */
  private PairedCapture loaded(
      Tracefs tracefs, SyscallRegs regs, Settings settings, CallFilter filter)
      throws PerfException {
    try {
      load(tracefs, regs, settings, filter);
      return this;
    } catch (IllegalStateException e) {
      close();
      throw new PerfException(e.getMessage(), 0);
    } catch (PerfException | RuntimeException e) {
      close();
      throw e;
    }
  }

  private int track(int fd) {
    fds.add(fd);
    return fd;
  }

  /** The ring's size: a power of two of at least two pages. */
  static long ringSize(long bytes) {
    long size = 2L * 4096;
    while (size < bytes && size < (1L << 30)) {
      size <<= 1;
    }
    return size;
  }

  private void load(Tracefs tracefs, SyscallRegs regs, Settings settings, CallFilter filter)
      throws PerfException {
    int syscalls = track(Bpf.createMap(Bpf.MAP_ARRAY, 4, 4, ContentPlan.MAX_SYSCALL));
    syscallsMap = syscalls;
    tids = track(Bpf.createMap(Bpf.MAP_HASH, 4, 4, MAX_THREADS, Bpf.NO_PREALLOC));
    records = track(Bpf.createMap(Bpf.MAP_HASH, 4, recordSize, MAX_THREADS, Bpf.NO_PREALLOC));
    int template = track(Bpf.createMap(Bpf.MAP_ARRAY, 4, recordSize, 1));
    long size = ringSize(settings.ringBytes());
    int ringMap = track(Bpf.createMap(Bpf.MAP_RINGBUF, 0, 0, (int) size));
    lost = track(Bpf.createMap(Bpf.MAP_PERCPU_ARRAY, 4, 8, 1));
    // Per raw number, which ABI's selection has it: 1 native, 2 compat (the programs tell them)
    for (int nr = 0; nr < ContentPlan.MAX_SYSCALL && !plan.capturesAll(); nr++) {
      int abis =
          (plan.captured(nr) ? PairedPrograms.NATIVE_CAPTURED : 0)
              | (plan.compatCaptured(nr) ? PairedPrograms.COMPAT_CAPTURED : 0);
      if (abis != 0) {
        Bpf.updateU32(syscalls, nr, abis);
      }
    }
    ring = BpfRing.map(ringMap, size);
    int filterScratch =
        filter.readsStrings()
            ? track(Bpf.createMap(Bpf.MAP_PERCPU_ARRAY, 4, ArgFilterEmitter.SCRATCH_BYTES, 1))
            : -1;
    PairedPrograms.Maps maps =
        new PairedPrograms.Maps(syscalls, tids, records, template, ringMap, lost);
    PairedPrograms programs =
        new PairedPrograms(
            plan, maps, regs, settings.allTasks(), settings.compatOffset(), filter, filterScratch);
    anchorCpu = settings.anchorCpu();
    if (syscallEvents != null) {
      for (SyscallEvents t : syscallEvents) {
        PairedPrograms p =
            new PairedPrograms(
                plan,
                maps,
                regs,
                settings.allTasks(),
                filter,
                filterScratch,
                new PairedPrograms.SyscallTracepoint(t.nr(), t.argCount()));
        int enter = track(Bpf.loadProgram(Bpf.PROG_TRACEPOINT, p.enter(), "jtrace_tp_enter"));
        int exit = track(Bpf.loadProgram(Bpf.PROG_TRACEPOINT, p.exit(), "jtrace_tp_exit"));
        tracepointProgs.add(new int[] {enter, exit});
      }
    } else if (functions == null) {
      loadSyscallPrograms(programs.enter(), programs.exit());
    } else {
      for (SyscallFunctions.Target t : functions) {
        PairedPrograms p =
            new PairedPrograms(
                plan,
                maps,
                regs,
                settings.allTasks(),
                settings.compatOffset(),
                filter,
                filterScratch,
                new PairedPrograms.Function(t.nr(), t.compat(), t.compatNr()));
        int enter = track(Bpf.loadTracing(Bpf.TRACE_FENTRY, t.btfId(), p.enter(), "jtrace_fentry"));
        int exit = track(Bpf.loadTracing(Bpf.TRACE_FEXIT, t.btfId(), p.exit(), "jtrace_fexit"));
        functionProgs.add(new int[] {enter, exit});
      }
    }
    int taskExit =
        track(Bpf.loadProgram(Bpf.PROG_TRACEPOINT, programs.taskExit(), "jtrace_task_end"));
    events.add(
        TaskTracepoints.attach(
            tracefs.eventId("sched", "sched_process_exit"),
            taskExit,
            settings.anchorCpu(),
            "sched_process_exit"));
    if (!settings.allTasks() && settings.followForks()) {
      int forks =
          track(
              Bpf.loadProgram(
                  Bpf.PROG_TRACEPOINT,
                  TaskTracepoints.forkFollower(tracefs, tids, PairedPrograms.TRACED),
                  "jtrace_forks"));
      events.add(
          TaskTracepoints.attach(
              tracefs.eventId("sched", "sched_process_fork"),
              forks,
              settings.anchorCpu(),
              "sched_process_fork"));
    }
    // a command's task is switched on at its exec; an exec's file name is read there
    int execs = track(Bpf.loadProgram(Bpf.PROG_TRACEPOINT, programs.taskExec(), "jtrace_execs"));
    events.add(
        TaskTracepoints.attach(
            tracefs.eventId("sched", "sched_process_exec"),
            execs,
            settings.anchorCpu(),
            "sched_process_exec"));
  }

  /**
   * Loads the sys_enter and sys_exit programs side by side: with a whole plan the kernel's verifier
   * takes most of the start-up, one program per CPU.
   */
  private void loadSyscallPrograms(long[] enter, long[] exit) throws PerfException {
    int[] exitFd = {-1};
    PerfException[] exitFailure = new PerfException[1];
    Thread verifier =
        Thread.ofPlatform()
            .name("jtrace-bpf-load")
            .start(
                () -> {
                  try {
                    exitFd[0] = Bpf.loadProgram(Bpf.PROG_RAW_TRACEPOINT, exit, "jtrace_exit");
                  } catch (PerfException e) {
                    exitFailure[0] = e;
                  }
                });
    try {
      enterProg = track(Bpf.loadProgram(Bpf.PROG_RAW_TRACEPOINT, enter, "jtrace_enter"));
    } finally {
      boolean interrupted = false;
      while (true) {
        try {
          verifier.join();
          break;
        } catch (InterruptedException e) {
          interrupted = true; // the load cannot be cut short: wait for its fd to close it
        }
      }
      if (exitFd[0] >= 0) {
        exitProg = track(exitFd[0]);
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
    if (exitFailure[0] != null) {
      throw exitFailure[0];
    }
  }

  /** Captures this thread's calls (and, through fork, its descendants'). */
  public void trace(int tid) throws PerfException {
    Bpf.updateU32(tids, tid, PairedPrograms.TRACED);
  }

  /** Captures this thread's calls from its next exec on (a command started stopped). */
  public void traceFromExec(int tid) throws PerfException {
    Bpf.updateU32(tids, tid, PairedPrograms.TRACED_AFTER_EXEC);
  }

  /** Never captures this thread's calls (system-wide mode: jtrace itself). */
  public void exclude(int tid) throws PerfException {
    Bpf.updateU32(tids, tid, PairedPrograms.EXCLUDED);
  }

  /** Attaches the syscall programs: from now on calls are captured. */
  public void start() throws PerfException {
    if (!links.isEmpty() || !tracepointAnchors.isEmpty()) {
      return;
    }
    if (syscallEvents != null) {
      try {
        for (int i = 0; i < syscallEvents.size(); i++) {
          SyscallEvents t = syscallEvents.get(i);
          tracepointAnchors.add(
              TaskTracepoints.attach(
                  t.enterId(), tracepointProgs.get(i)[0], anchorCpu, "sys_enter_" + t.name()));
          tracepointAnchors.add(
              TaskTracepoints.attach(
                  t.exitId(), tracepointProgs.get(i)[1], anchorCpu, "sys_exit_" + t.name()));
        }
      } catch (PerfException e) {
        detachTracepoints(); // all or nothing, as below
        throw e;
      }
      return;
    }
    if (functions == null) {
      links.add(Bpf.attachRawTracepoint("sys_enter", enterProg));
      links.add(Bpf.attachRawTracepoint("sys_exit", exitProg));
      return;
    }
    try {
      for (int i = 0; i < functions.size(); i++) {
        String f = functions.get(i).function();
        links.add(Bpf.attachTracing(functionProgs.get(i)[0], "fentry " + f));
        links.add(Bpf.attachTracing(functionProgs.get(i)[1], "fexit " + f));
      }
    } catch (PerfException e) {
      stop(); // all or nothing: a half-attached capture would miss calls silently
      throw e;
    }
  }

  /**
   * Stops the syscall programs (what is in the ring and the map stays readable): links are closed;
   * on syscall tracepoints the programs are turned off by their syscall test instead (no call is
   * captured any more), and the events stay open until {@link #close}. Closing a syscall
   * tracepoint's perf event waits for RCU grace periods, one tracepoint after the other (about 0.7
   * s for 10 tracepoints here), and a run that ends hands its fds to the release child first.
   */
  public void stop() {
    for (int fd : links) {
      NativeCalls.close(fd);
    }
    links.clear();
    if (!tracepointAnchors.isEmpty() && !plan.capturesAll() && turnedOff()) {
      return;
    }
    detachTracepoints();
  }

  /** Marks every syscall not captured; whether all updates took. */
  private boolean turnedOff() {
    try {
      for (int nr = 0; nr < ContentPlan.MAX_SYSCALL; nr++) {
        if (plan.captured(nr) || plan.compatCaptured(nr)) {
          Bpf.updateU32(syscallsMap, nr, 0);
        }
      }
      return true;
    } catch (PerfException e) {
      return false; // then the events are closed, as slow as that is
    }
  }

  private void detachTracepoints() {
    PerfEvent.closeAll(tracepointAnchors); // closing the event detaches its program
    tracepointAnchors.clear();
  }

  /** The syscalls whose own tracepoints run the programs, or null. */
  public List<SyscallEvents> syscallEvents() {
    return syscallEvents;
  }

  /** The kernel functions the programs run on, or null: the raw syscall tracepoints. */
  public List<SyscallFunctions.Target> functions() {
    return functions;
  }

  /**
   * How each attached program is linked, as the kernel reports it ({@code "raw_tracepoint"}, or
   * {@code "fentry"}/{@code "fexit"} with the target's BTF id): the proof a run holds no syscall
   * tracepoint.
   */
  public List<String> linkKinds() throws PerfException {
    List<String> kinds = new ArrayList<>();
    for (int fd : links) {
      Bpf.LinkInfo info = Bpf.linkInfo(fd);
      kinds.add(
          switch (info.type()) {
            case Bpf.LinkInfo.RAW_TRACEPOINT -> "raw_tracepoint";
            case Bpf.LinkInfo.TRACING ->
                switch (info.attachType()) {
                  case Bpf.TRACE_FENTRY -> "fentry " + info.targetBtfId();
                  case Bpf.TRACE_FEXIT -> "fexit " + info.targetBtfId();
                  default -> "tracing " + info.attachType();
                };
            default -> "link type " + info.type();
          });
    }
    for (PerfEvent anchor : tracepointAnchors) {
      kinds.add("tracepoint syscalls:" + anchor.description());
    }
    return kinds;
  }

  public BpfRing ring() {
    return ring;
  }

  public ContentPlan plan() {
    return plan;
  }

  /** The size of one thread's record (the largest in-flight copy). */
  public int recordSize() {
    return recordSize;
  }

  /**
   * Copies the records of the calls in flight into dst, framed like ring records; returns the bytes
   * written. When dst is full it stops ({@link #inFlightLeft}); a copy with resume set goes on from
   * there into the next dst.
   */
  public long copyInFlight(MemorySegment dst, boolean resume) throws PerfException {
    long off = 0;
    boolean first = !resume;
    inFlightLeft = false;
    while (Bpf.nextKey(records, first ? null : key, next)) {
      first = false;
      if (!Bpf.lookup(records, next, value)
          || value.get(ValueLayout.JAVA_INT, PairedLayout.STATE) != PairedLayout.IN_FLIGHT) {
        MemorySegment.copy(next, 0, key, 0, 4);
        continue;
      }
      int length = value.get(ValueLayout.JAVA_INT, PairedLayout.END);
      if (length < PairedLayout.HEADER || length > recordSize) {
        MemorySegment.copy(next, 0, key, 0, 4);
        continue;
      }
      if (off + BpfRing.framedSize(length) > dst.byteSize()) {
        inFlightLeft = true; // key stays the last one copied: a resumed copy starts after it
        break;
      }
      MemorySegment.copy(next, 0, key, 0, 4);
      long data = BpfRing.frame(dst, off, length);
      MemorySegment.copy(value, 0, dst, data, length);
      off += BpfRing.framedSize(length);
    }
    return off;
  }

  /** Whether the last {@link #copyInFlight} stopped before the end of the map. */
  public boolean inFlightLeft() {
    return inFlightLeft;
  }

  /** Calls whose records the ring had no room for, summed over the CPUs. */
  public long lostCalls() throws PerfException {
    key.set(ValueLayout.JAVA_INT, 0, 0);
    if (!Bpf.lookup(lost, key, lostPerCpu)) {
      return 0;
    }
    long n = 0;
    for (int i = 0; i < POSSIBLE_CPUS; i++) {
      n += lostPerCpu.getAtIndex(ValueLayout.JAVA_LONG, i);
    }
    return n;
  }

  @Override
  public void close() {
    stop();
    detachTracepoints();
    PerfEvent.closeAll(events);
    events.clear();
    if (ring != null) {
      ring.close();
      ring = null;
    }
    for (int fd : fds) {
      NativeCalls.close(fd);
    }
    fds.clear();
    arena.close();
  }
}
