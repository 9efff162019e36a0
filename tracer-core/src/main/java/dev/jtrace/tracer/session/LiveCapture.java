package dev.jtrace.tracer.session;

import dev.jtrace.beauty.Arch;
import dev.jtrace.beauty.SyscallBeautifier;
import dev.jtrace.beauty.content.ContentKind;
import dev.jtrace.beauty.content.ContentSpec;
import dev.jtrace.perfdata.tracing.SyscallFields;
import dev.jtrace.perfdata.tracing.TracepointFormat;
import dev.jtrace.tracer.bpf.CallFilter;
import dev.jtrace.tracer.bpf.CompatCheck;
import dev.jtrace.tracer.bpf.ContentPlan;
import dev.jtrace.tracer.bpf.LoadedObject;
import dev.jtrace.tracer.bpf.PairedCapture;
import dev.jtrace.tracer.bpf.StringCapture;
import dev.jtrace.tracer.bpf.SyscallFunctions;
import dev.jtrace.tracer.bpfobject.BpfObject;
import dev.jtrace.tracer.btf.BtfException;
import dev.jtrace.tracer.capture.CaptureSpec;
import dev.jtrace.tracer.capture.FdWatch;
import dev.jtrace.tracer.capture.SyscallCapture;
import dev.jtrace.tracer.event.CompatAbi;
import dev.jtrace.tracer.event.TracepointTable;
import dev.jtrace.tracer.options.TraceOptions;
import dev.jtrace.tracer.perf.PerfException;
import dev.jtrace.tracer.perf.RingBuffer;
import dev.jtrace.tracer.perf.Tracefs;
import dev.jtrace.tracer.select.SyscallNames;
import dev.jtrace.tracer.select.SyscallSelection;
import dev.jtrace.tracer.state.FdSyscalls;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * What a live run opens in the kernel: the syscall events and their rings, the fd watch that wakes
 * the reader when a new fd is returned, and the eBPF program that copies string arguments into the
 * rings. Only the syscall events are required; the other two are left out (with a -v note) when the
 * kernel refuses them or nothing would print their results.
 */
final class LiveCapture implements AutoCloseable {
  private final SyscallCapture syscalls;
  private final FdWatch watch;
  private final StringCapture strings;
  private final PairedCapture paired;
  private final CaptureSpec spec;
  private boolean pairedStarted;
  private TracepointTable tracepoints = TracepointTable.EMPTY;
  private SyscallCapture.FaultIds faultIds = SyscallCapture.FaultIds.NONE;
  private final List<LoadedObject> objects = new ArrayList<>();

  private LiveCapture(
      SyscallCapture syscalls,
      FdWatch watch,
      StringCapture strings,
      PairedCapture paired,
      CaptureSpec spec) {
    this.syscalls = syscalls;
    this.watch = watch;
    this.strings = strings;
    this.paired = paired;
    this.spec = spec;
  }

  /** What the paired capture needs beyond the spec. */
  record PairedRequest(
      TraceOptions.Capture capture,
      Arch arch,
      int stringLimit,
      boolean cpuList,
      PrintStream err,
      CallFilter filter,
      boolean compatTargets) {}

  /**
   * Opens the paired BPF capture when the request asks for it (or leaves the choice, and the
   * selection is not a few syscalls with tracepoints of their own), else or when BPF is refused
   * {@link #open the tracepoint capture}, saying in one line what is lost then.
   */
  static LiveCapture open(
      Tracefs tracefs,
      CaptureSpec spec,
      SyscallBeautifier beautifier,
      FdSyscalls fdSyscalls,
      SyscallSelection.Selection printed,
      boolean printsLines,
      PrintStream verbose,
      Consumer<String> phase,
      PairedRequest request)
      throws PerfException {
    boolean narrow =
        spec.syscalls() != null
            && !spec.syscalls().negated()
            && spec.syscalls().listed().size() <= CaptureSpec.MAX_PER_SYSCALL_TRACEPOINTS;
    // The raw syscall tracepoints run on every CPU: -C is left to the per-CPU perf events.
    // --filter and -G are decided in the paired programs: no fallback drops them silently
    boolean filtering = request.filter() != CallFilter.NONE;
    boolean forcedFentry = request.capture() == TraceOptions.Capture.FENTRY;
    boolean forcedTracepoints = request.capture() == TraceOptions.Capture.BPF_TRACEPOINTS;
    if ((forcedFentry || forcedTracepoints) && request.cpuList()) {
      throw new PerfException(
          "--capture="
              + (forcedFentry ? "fentry" : "bpf-tp")
              + " runs on every CPU: it cannot go with -C",
          0);
    }
    boolean auto = request.capture() == TraceOptions.Capture.AUTO;
    // The paired captures also take the common fd-making calls of a selection, unprinted, so the
    // selected calls' fds have their paths (the perf capture's FdWatch reads /proc instead).
    Set<Integer> followed =
        printsLines && spec.syscalls() != null ? followedFdCalls(spec, fdSyscalls) : Set.of();
    CaptureSpec pairedSpec = followed.isEmpty() ? spec : withFollowed(spec, followed);
    PairedOpener paired =
        (functions, tracepoints) ->
            openPaired(
                tracefs,
                pairedSpec,
                beautifier,
                printed,
                followed,
                printsLines,
                verbose,
                request,
                functions,
                tracepoints);
    if (forcedTracepoints && request.compatTargets() && request.err() != null) {
      request
          .err()
          .println(
              "jtrace: --capture=bpf-tp: a target is a 32-bit program, whose calls fire no"
                  + " syscall's own tracepoint: they are not traced");
    }
    if (forcedFentry || (auto && narrow && !request.cpuList())) {
      // a few syscalls: their kernel functions, where the kernel lets programs on them, keep
      // every other call and task off the slow syscall path that any syscall tracepoint imposes
      try {
        List<SyscallFunctions.Target> targets =
            FunctionTargets.find(tracefs, pairedSpec, beautifier, request.arch(), request.err());
        phase.accept("kernel functions found");
        LiveCapture c = paired.open(targets, null);
        phase.accept("fentry capture loaded");
        return c;
      } catch (PerfException e) {
        if (forcedFentry) {
          throw new PerfException("--capture=fentry: " + e.getMessage(), 0);
        }
        if (verbose != null) {
          verbose.println("jtrace: no fentry capture (" + e.getMessage() + ")");
        }
        phase.accept("fentry capture given up");
      }
    }
    if (forcedTracepoints || (auto && narrow && !request.cpuList() && !request.compatTargets())) {
      // else the same programs on those syscalls' own tracepoints: nothing runs for the others
      // (a 32-bit target's calls fire none of them: the raw syscall tracepoints below then)
      try {
        List<PairedCapture.SyscallEvents> targets = tracepointTargets(tracefs, spec, pairedSpec);
        LiveCapture c = paired.open(null, targets);
        phase.accept("paired capture on syscall tracepoints loaded");
        return c;
      } catch (PerfException e) {
        if (forcedTracepoints) {
          throw new PerfException("--capture=bpf-tp: " + e.getMessage(), 0);
        }
        if (filtering) {
          throw new PerfException(
              "--filter and -G need the BPF capture, which failed: " + e.getMessage(), 0);
        }
        noBpfCapture(request, e);
        return open(tracefs, spec, beautifier, fdSyscalls, printed, printsLines, verbose, phase);
      }
    }
    boolean wanted =
        !request.cpuList()
            && (request.capture() == TraceOptions.Capture.BPF
                || (auto && (!narrow || filtering || request.compatTargets())));
    if (wanted) {
      try {
        LiveCapture c = paired.open(null, null);
        phase.accept("paired capture loaded");
        return c;
      } catch (PerfException e) {
        if (filtering) {
          throw new PerfException(
              "--filter and -G need the BPF capture, which failed: " + e.getMessage(), 0);
        }
        noBpfCapture(request, e);
      }
    }
    return open(tracefs, spec, beautifier, fdSyscalls, printed, printsLines, verbose, phase);
  }

  /** Opens the paired capture on kernel functions, on syscall tracepoints, or (both null) raw. */
  private interface PairedOpener {
    LiveCapture open(
        List<SyscallFunctions.Target> functions, List<PairedCapture.SyscallEvents> tracepoints)
        throws PerfException;
  }

  private static void noBpfCapture(PairedRequest request, PerfException e) {
    request
        .err()
        .println(
            "jtrace: no BPF capture ("
                + e.getMessage()
                + "): tracing with perf tracepoints, so buffers and structs are not shown");
  }

  /**
   * The contents, a followed (unprinted) call's cut to what names its fds: its strings (the path
   * opened), pipe's and socketpair's fd pair.
   */
  private static Map<Integer, List<ContentSpec>> pathsOfFollowed(
      Map<Integer, List<ContentSpec>> contents,
      SyscallSelection.Selection printed,
      Set<Integer> followed) {
    if (followed.isEmpty()) {
      return contents;
    }
    Map<Integer, List<ContentSpec>> out = new HashMap<>(contents);
    for (int nr : followed) {
      List<ContentSpec> specs = contents.get(nr);
      if (specs != null && printed != null && !printed.contains(nr)) {
        out.put(
            nr,
            specs.stream()
                .filter(c -> c.kind() == ContentKind.STRING || "fd".equals(c.type()))
                .toList());
      }
    }
    return out;
  }

  /** The common fd-making calls a selection leaves out (see {@link FdSyscalls#commonNewFd}). */
  private static Set<Integer> followedFdCalls(CaptureSpec spec, FdSyscalls fdSyscalls) {
    Set<Integer> out = new TreeSet<>();
    for (int nr : fdSyscalls.commonNewFd()) {
      if (!spec.syscalls().contains(nr)) {
        out.add(nr);
      }
    }
    return out;
  }

  /** The spec capturing those calls too. */
  private static CaptureSpec withFollowed(CaptureSpec spec, Set<Integer> followed) {
    SyscallSelection.Selection s = spec.syscalls();
    Set<Integer> listed = new TreeSet<>(s.listed());
    if (s.negated()) {
      listed.removeAll(followed);
    } else {
      listed.addAll(followed);
    }
    return new CaptureSpec(
        spec.tids(),
        spec.cpus(),
        new SyscallSelection.Selection(Set.copyOf(listed), s.negated()),
        spec.syscallNames(),
        spec.excludedTids(),
        spec.inherit(),
        spec.enableOnExec(),
        spec.ringPages(),
        spec.callGraph());
  }

  /**
   * The syscalls' own tracepoints of the paired spec, or why not every one has them; the limit is
   * on the selection (spec), not on the calls followed for their fds.
   */
  private static List<PairedCapture.SyscallEvents> tracepointTargets(
      Tracefs tracefs, CaptureSpec spec, CaptureSpec pairedSpec) throws PerfException {
    if (spec.syscalls() == null
        || spec.syscalls().negated()
        || spec.syscalls().listed().size() > CaptureSpec.MAX_PER_SYSCALL_TRACEPOINTS) {
      throw new PerfException(
          "needs -e with at most "
              + CaptureSpec.MAX_PER_SYSCALL_TRACEPOINTS
              + " syscalls, each with tracepoints of its own",
          0);
    }
    List<PairedCapture.SyscallEvents> targets = new ArrayList<>();
    for (int nr : new TreeSet<>(pairedSpec.syscalls().listed())) {
      String name = spec.syscallNames().get(nr);
      Optional<TracepointFormat> format =
          name == null ? Optional.empty() : tracefs.format("syscalls", "sys_enter_" + name);
      if (!spec.syscalls().contains(nr) && format.isEmpty()) {
        continue; // a followed call this kernel lacks
      }
      if (format.isEmpty() || !tracefs.has("syscalls", "sys_exit_" + name)) {
        throw new PerfException(
            "tracefs has no syscalls:sys_enter_" + (name == null ? "#" + nr : name) + " pair", 0);
      }
      targets.add(
          new PairedCapture.SyscallEvents(
              nr,
              name,
              tracefs.eventId("syscalls", "sys_enter_" + name),
              tracefs.eventId("syscalls", "sys_exit_" + name),
              Math.min(SyscallFields.of(format.get()).argCount(), 6)));
    }
    return targets;
  }

  /**
   * @param functions the kernel functions to attach to (fentry/fexit), or null
   * @param tracepoints the syscall tracepoints to attach to, or null; both null: the raw syscall
   *     tracepoints
   */
  private static LiveCapture openPaired(
      Tracefs tracefs,
      CaptureSpec spec,
      SyscallBeautifier beautifier,
      SyscallSelection.Selection printed,
      Set<Integer> followed,
      boolean printsLines,
      PrintStream verbose,
      PairedRequest request,
      List<SyscallFunctions.Target> functions,
      List<PairedCapture.SyscallEvents> tracepoints)
      throws PerfException {
    Map<Integer, List<ContentSpec>> contents =
        printsLines
            ? pathsOfFollowed(
                ContentPlan.generated(
                    beautifier,
                    nr -> printed == null || printed.contains(nr) || followed.contains(nr)),
                printed,
                followed)
            : Map.of();
    ContentPlan plan =
        spec.syscalls() == null
            ? ContentPlan.everySyscall(contents, request.stringLimit())
            : new ContentPlan(spec.syscalls()::contains, contents, request.stringLimit());
    long ringBytes = (long) spec.ringPages() * RingBuffer.PAGE_SIZE * spec.cpus().size();
    CompatCheck compat = compatCheck(beautifier, verbose);
    CompatAbi abi = CompatAbi.of(beautifier);
    if (printsLines && compat != null && abi.arch() != beautifier.arch()) {
      // compat calls are copied by the compat ABI's own contents, by its numbers
      plan =
          plan.withCompat(
              ContentPlan.generated(
                  abi.beautifier(true),
                  nr -> printed == null || printed.contains(abi.nativeNumber(nr))));
    }
    if (compat != null && abi.arch() != beautifier.arch() && spec.syscalls() != null) {
      // a compat task's calls have the compat ABI's numbers: the selection by those too
      SyscallSelection.Selection selected = spec.syscalls();
      plan = plan.withCompatCaptured(nr -> selected.contains(abi.nativeNumber(nr)));
    }
    PairedCapture.Settings settings =
        new PairedCapture.Settings(
            request.arch(),
            spec.systemWide(),
            spec.inherit(),
            ringBytes,
            spec.cpus().getFirst(),
            compat == null ? -1 : compat.statusOffset());
    PairedCapture paired =
        functions != null
            ? PairedCapture.onFunctions(tracefs, plan, settings, request.filter(), functions)
            : tracepoints != null
                ? PairedCapture.onSyscallTracepoints(
                    tracefs, plan, settings, request.filter(), tracepoints)
                : PairedCapture.open(tracefs, plan, settings, request.filter());
    SyscallCapture sideBand = null;
    try {
      sideBand = SyscallCapture.openSideBand(spec, verbose);
      if (verbose != null) {
        if (functions != null) {
          verbose.println(
              "jtrace: fentry capture: fentry/fexit on "
                  + functions.stream().map(SyscallFunctions.Target::function).toList()
                  + ", no syscall tracepoint");
        }
        if (tracepoints != null) {
          verbose.println(
              "jtrace: paired capture on "
                  + tracepoints.stream()
                      .map(t -> "syscalls:sys_enter_" + t.name() + "/sys_exit_" + t.name())
                      .toList());
        }
        verbose.println(
            "jtrace: paired BPF capture, "
                + paired.ring().dataBytes() / 1024
                + " KiB ring, "
                + plan.specs().size()
                + " syscalls with contents, "
                + paired.recordSize()
                + " bytes per thread");
      }
      if (spec.systemWide()) {
        for (int tid : spec.excludedTids()) {
          paired.exclude(tid);
        }
      }
      LiveCapture c = new LiveCapture(sideBand, null, null, paired, spec);
      if (spec.enableOnExec()) {
        // the kernel switches the command's task on at its exec, as it enables the perf events
        for (int tid : spec.tids()) {
          paired.traceFromExec(tid);
        }
        c.startPaired();
      }
      return c;
    } catch (PerfException | RuntimeException e) {
      if (sideBand != null) {
        sideBand.close();
      }
      paired.close();
      throw e;
    }
  }

  private void startPaired() throws PerfException {
    if (!pairedStarted) {
      if (!spec.systemWide() && !spec.enableOnExec()) {
        for (int tid : spec.tids()) {
          paired.trace(tid);
        }
      }
      paired.start();
      pairedStarted = true;
    }
  }

  /** The paired BPF capture, or null when the calls come through the syscall tracepoints. */
  PairedCapture paired() {
    return paired;
  }

  /**
   * Opens everything the spec asks for (disabled, or enabled at the target's exec).
   *
   * @param printed the syscalls printed (the spec may capture more, to follow fd changes): strings
   *     are copied for these only
   * @param printsLines whether lines are printed (not only -s): paths and strings matter only then
   * @param verbose where -v notes go, or null
   * @param phase reports each step for -v's timing
   */
  static LiveCapture open(
      Tracefs tracefs,
      CaptureSpec spec,
      SyscallBeautifier beautifier,
      FdSyscalls fdSyscalls,
      SyscallSelection.Selection printed,
      boolean printsLines,
      PrintStream verbose,
      Consumer<String> phase)
      throws PerfException {
    SyscallCapture syscalls = SyscallCapture.open(tracefs, spec, verbose);
    phase.accept("events opened");
    FdWatch watch = null;
    StringCapture strings = null;
    try {
      // The watch only serves the path scan, which needs every fd change in the stream.
      if (printsLines && fdChangesVisible(spec.syscalls(), fdSyscalls)) {
        watch = openWatch(tracefs, spec, beautifier, syscalls, verbose);
        if (watch != null) {
          phase.accept("fd watch opened");
        }
      }
      CompatCheck compat = syscalls.onRawSyscalls() ? compatCheck(beautifier, verbose) : null;
      if (printsLines || compat != null) {
        strings =
            openStrings(tracefs, spec, printed, printsLines, compat, beautifier, syscalls, verbose);
        if (strings != null) {
          phase.accept("string capture loaded");
        }
      }
      return new LiveCapture(syscalls, watch, strings, null, spec);
    } catch (RuntimeException e) {
      if (watch != null) {
        watch.close();
      }
      syscalls.close();
      throw e;
    }
  }

  SyscallCapture syscalls() {
    return syscalls;
  }

  /**
   * No syscalls (--no-syscalls, or -e of tracepoints only): the side-band records alone, for the
   * tracepoints {@link #addTracepoints} opens beside them.
   */
  static LiveCapture openWithoutSyscalls(CaptureSpec spec, PrintStream verbose)
      throws PerfException {
    return new LiveCapture(SyscallCapture.openSideBand(spec, verbose), null, null, null, spec);
  }

  /** Opens these tracepoints into the rings of the syscall (or side-band) events. */
  void addTracepoints(List<TracepointFormat> formats) throws PerfException {
    if (!formats.isEmpty()) {
      tracepoints = syscalls.addTracepoints(spec, formats);
    }
  }

  /** Opens the page-fault events (-F) into the same rings. */
  void addPageFaults(boolean major, boolean minor) throws PerfException {
    faultIds = syscalls.addPageFaults(spec, major, minor);
  }

  /** The ids of the page-fault events opened ({@link SyscallCapture.FaultIds#NONE}: none). */
  SyscallCapture.FaultIds faultIds() {
    return faultIds;
  }

  /**
   * Loads and attaches these eBPF objects, their output events (__bpf_stdout__) sent into the rings
   * of the syscall (or side-band) events, so they are ordered with the calls.
   */
  void addObjects(List<BpfObject> loaded, Tracefs tracefs) throws PerfException {
    for (BpfObject o : loaded) {
      LoadedObject l =
          LoadedObject.load(
              o,
              tracefs,
              spec.cpus(),
              spec.watermarkBytes(),
              spec.callGraph().objectMaxStack(o.file()));
      objects.add(l);
      for (RingBuffer ring : syscalls.rings()) {
        l.redirectInto(ring.cpu(), ring.owner());
      }
      // now: a command's events are switched on by its exec, which these per-CPU ones miss
      l.enable();
    }
  }

  /** The eBPF objects' output events whose samples carry a stack, by id, with its frames. */
  Map<Long, Integer> objectStackFrames() {
    Map<Long, Integer> frames = new HashMap<>();
    for (LoadedObject l : objects) {
      if (l.maxStack() > 0) {
        l.outputMapById().keySet().forEach(id -> frames.put(id, l.maxStack()));
      }
    }
    return frames;
  }

  /** The eBPF objects' output events by sample id, each with its map's name. */
  Map<Long, String> objectOutputs() {
    Map<Long, String> all = new HashMap<>();
    for (LoadedObject l : objects) {
      all.putAll(l.outputMapById());
    }
    return all;
  }

  /** The tracepoints opened beside the syscalls (empty: none). */
  TracepointTable tracepoints() {
    return tracepoints;
  }

  /** Per syscall, the arguments whose strings the kernel copies: empty when none are. */
  Map<Integer, int[]> capturedStrings() {
    return strings == null ? Map.of() : strings.stringArgs();
  }

  /** The fd watch, or null: then new fds' paths are not resolved while tracing. */
  FdWatch watch() {
    return watch;
  }

  /** Switches the events on (the watch first, so no new fd escapes it). */
  void enable() throws PerfException {
    if (watch != null) {
      watch.enable();
    }
    syscalls.enable();
    if (paired != null) {
      startPaired();
    }
  }

  @Override
  public void close() {
    objects.forEach(LoadedObject::close);
    objects.clear();
    if (paired != null) {
      paired.close();
    }
    if (strings != null) {
      strings.close();
    }
    if (watch != null) {
      watch.close();
    }
    syscalls.close();
  }

  /** Whether the selected syscalls include every one that closes or replaces an fd. */
  private static boolean fdChangesVisible(
      SyscallSelection.Selection selection, FdSyscalls fdSyscalls) {
    for (int nr = 0; selection != null && nr < SyscallNames.MAX_NR; nr++) {
      if (fdSyscalls.replacesFds(nr) && !selection.contains(nr)) {
        return false;
      }
    }
    return true;
  }

  private static FdWatch openWatch(
      Tracefs tracefs,
      CaptureSpec spec,
      SyscallBeautifier beautifier,
      SyscallCapture syscalls,
      PrintStream verbose) {
    Map<String, Integer> newFd = new HashMap<>();
    for (String n : FdSyscalls.newFdNames()) {
      int nr = beautifier.number(n);
      if (nr >= 0 && (spec.syscalls() == null || spec.syscalls().contains(nr))) {
        newFd.put(n, nr);
      }
    }
    try {
      FdWatch watch = FdWatch.open(tracefs, spec, newFd, syscalls.onRawSyscalls());
      for (int fd : watch.pollFds()) {
        syscalls.wakeAlsoOn(fd);
      }
      return watch;
    } catch (PerfException e) {
      if (verbose != null) {
        verbose.println("jtrace: no fd watch, fd paths come from /proc later: " + e.getMessage());
      }
      return null;
    }
  }

  /**
   * How the kernel's program tells 32-bit compat calls apart (only raw_syscalls sees them: the
   * per-syscall tracepoints leave them out), or null when the arch has none or the kernel's BTF
   * cannot say (then compat calls decode by the native table, as perf does).
   */
  private static CompatCheck compatCheck(SyscallBeautifier beautifier, PrintStream verbose) {
    try {
      return CompatCheck.forHost(beautifier.arch());
    } catch (IOException | BtfException e) {
      if (verbose != null) {
        verbose.println(
            "jtrace: 32-bit calls decode by the "
                + beautifier.arch().id()
                + " table, the kernel's BTF cannot be read: "
                + e.getMessage());
      }
      return null;
    }
  }

  /**
   * Loads the eBPF program that copies string arguments at sys_enter into the rings (and marks
   * compat calls when compat is not null), for the targets (and their descendants), or for every
   * task but the excluded ones system-wide; null when it has nothing to do or the kernel refuses
   * the program.
   *
   * @param printed the syscalls whose strings are copied (null: all)
   * @param copyStrings whether strings are copied at all (else only compat calls are marked)
   */
  private static StringCapture openStrings(
      Tracefs tracefs,
      CaptureSpec spec,
      SyscallSelection.Selection printed,
      boolean copyStrings,
      CompatCheck compat,
      SyscallBeautifier beautifier,
      SyscallCapture syscalls,
      PrintStream verbose) {
    Map<Integer, int[]> stringArgs =
        copyStrings ? StringCapture.argsFor(beautifier, printed) : Map.of();
    if (stringArgs.isEmpty() && compat == null) {
      return null; // -e selected no call with a string argument: nothing to load
    }
    StringCapture strings = null;
    try {
      strings =
          StringCapture.open(
              tracefs, spec.cpus(), stringArgs, spec.systemWide(), spec.watermarkBytes(), compat);
      if (spec.systemWide()) {
        for (int tid : spec.excludedTids()) {
          strings.exclude(tid);
        }
      } else {
        for (int tid : spec.tids()) {
          strings.trace(tid);
        }
      }
      for (RingBuffer ring : syscalls.rings()) {
        strings.redirectInto(ring.cpu(), ring.owner());
      }
      strings.enable();
      for (long enterId : syscalls.enterEventsById().keySet()) {
        strings.attachTo(enterId, syscalls.tracepoints().argCount((int) enterId));
      }
      return strings;
    } catch (PerfException | RuntimeException e) {
      if (strings != null) {
        strings.close();
      }
      if (verbose != null) {
        verbose.println(
            "jtrace: no in-kernel string capture, paths print as pointers: " + e.getMessage());
      }
      return null;
    }
  }
}
