package dev.jtrace.tracer.session;

import dev.jtrace.beauty.Arch;
import dev.jtrace.beauty.SyscallBeautifier;
import dev.jtrace.beauty.content.ContentRenderer;
import dev.jtrace.files.IoErrors;
import dev.jtrace.perfdata.tracing.TracepointFormat;
import dev.jtrace.symbols.Symbolizer;
import dev.jtrace.tracer.bpf.CallFilter;
import dev.jtrace.tracer.bpf.CompatCheck;
import dev.jtrace.tracer.bpf.PairedCapture;
import dev.jtrace.tracer.bpf.SyscallFunctions;
import dev.jtrace.tracer.bpfobject.BpfObject;
import dev.jtrace.tracer.bpfobject.BpfObjectException;
import dev.jtrace.tracer.bpfobject.BpfObjectReader;
import dev.jtrace.tracer.bpfobject.BpfProgram;
import dev.jtrace.tracer.bpfobject.ScriptletCompiler;
import dev.jtrace.tracer.btf.HostBtf;
import dev.jtrace.tracer.capture.CaptureSpec;
import dev.jtrace.tracer.capture.ReorderBuffer;
import dev.jtrace.tracer.capture.SyscallCapture;
import dev.jtrace.tracer.event.CompatAbi;
import dev.jtrace.tracer.event.PairedRecordDecoder;
import dev.jtrace.tracer.event.RingRecordDecoder;
import dev.jtrace.tracer.options.CallGraph;
import dev.jtrace.tracer.options.TraceOptions;
import dev.jtrace.tracer.output.FaultPrinter;
import dev.jtrace.tracer.output.StackPrinter;
import dev.jtrace.tracer.output.Utf8Writer;
import dev.jtrace.tracer.perf.DeferredRelease;
import dev.jtrace.tracer.perf.NativeCalls;
import dev.jtrace.tracer.perf.OnlineCpus;
import dev.jtrace.tracer.perf.PerfException;
import dev.jtrace.tracer.perf.Tracefs;
import dev.jtrace.tracer.select.EventSelection;
import dev.jtrace.tracer.select.SyscallNames;
import dev.jtrace.tracer.select.SyscallSelection;
import dev.jtrace.tracer.state.FdSyscalls;
import dev.jtrace.tracer.state.FdTable;
import dev.jtrace.tracer.workload.Signals;
import dev.jtrace.tracer.workload.Targets;
import dev.jtrace.tracer.workload.Workload;
import dev.jtrace.unwind.CfiCache;
import dev.jtrace.unwind.RegisterModel;
import dev.jtrace.unwind.Unwinder;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One {@code jtrace} live run: resolves the targets, starts the workload, opens the {@link
 * LiveCapture}, builds the {@link TracePipeline}, then runs two threads until the workload ends,
 * the targets are gone, --max-events is reached or Ctrl-C/SIGTERM comes. This thread becomes the
 * {@link ReaderLoop} (it copies ring bytes, nothing more, at a higher priority when allowed); the
 * {@link PrinterThread} decodes, orders and writes. So the kernel never waits for formatting.
 */
public final class LiveTracer {
  /**
   * 8 MiB per CPU: with less, a warm consumer still lost records under dd-like bursts when
   * measured.
   */
  public static final int DEFAULT_RING_PAGES = 2048;

  private static final long WARMUP_MS = 60;
  private static final int READER_NICE = -10;

  private final TraceOptions options;
  private final PrintStream err;
  private final AtomicBoolean stop = new AtomicBoolean();

  /** Set when the last records are queued: a warm-up still running is pointless then. */
  private volatile boolean tracingEnded;

  /**
   * The process exits after run(): hand the slow release of the events to a child
   * (DeferredRelease).
   */
  private boolean exitsAfterRun;

  private final long started = System.nanoTime();

  public LiveTracer(TraceOptions options, PrintStream err) {
    this.options = options;
    this.err = err;
  }

  /**
   * Declares that the process exits when {@link #run()} returns (the command line), so the kernel's
   * release of the perf events may finish after jtrace is gone instead of delaying its exit.
   */
  public LiveTracer exitsAfterRun() {
    exitsAfterRun = true;
    return this;
  }

  /** -v: how long setup took, phase by phase. */
  private void phase(String what) {
    if (options.verbose()) {
      err.printf("jtrace: %6.1f ms %s%n", (System.nanoTime() - started) / 1e6, what);
    }
  }

  /** Runs the trace and returns jtrace's exit status. */
  public int run() throws IOException, InterruptedException, UsageException {
    // Linking the first downcall costs tens of ms: do it while the rest is being set up.
    Thread.ofPlatform().daemon().name("jtrace-link").start(NativeCalls::gettid);
    Arch arch = Arch.host();
    // Syscall numbers and flag values come from the host arch's tables. What is truly
    // arch-specific: libc's
    // syscall() is called with six longs and raw tracepoint fields are read little-endian (a 64-bit
    // little-endian host), and the tracer's tables stop at syscall number 1024 (mips64's start at
    // 5000).
    if (arch.bits() != 64
        || ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN
        || arch == Arch.MIPS64) {
      throw new UsageException(
          "live tracing needs a 64-bit little-endian host other than mips64 (this is "
              + arch.id()
              + ")");
    }
    if (SummaryRun.applies(options)) {
      OptionalInt status = new SummaryRun(options, err).run();
      if (status.isPresent()) {
        return status.getAsInt();
      }
    } else if (options.summaryOnly() && options.capture() == TraceOptions.Capture.PERF) {
      err.println("jtrace: -s with --capture=perf: the calls are summed in user space");
    }
    if (options.expr() == null) {
      CompatCheck.readAhead(arch); // raw_syscalls, where compat calls show (-e mostly uses others)
    } else if ((options.capture() == TraceOptions.Capture.AUTO
            || options.capture() == TraceOptions.Capture.FENTRY)
        && SyscallFunctions.refusedOutright().isEmpty()) {
      HostBtf.readAhead(); // a few -e syscalls look for their kernel functions in it
    }
    SyscallBeautifier beautifier = SyscallBeautifier.forArch(arch);
    phase("beautifier ready");
    SyscallNames names = SyscallNames.of(beautifier);
    Tracefs tracefs = Tracefs.locate();
    SyscallSelection.Selection selection;
    EventSelection events;
    List<Integer> cpus;
    Targets targets;
    try {
      events = EventSelection.parse(options.expr(), tracefs);
      selection =
          events.syscallExpr() == null ? null : SyscallSelection.parse(events.syscallExpr(), names);
      cpus = options.cpus() != null ? OnlineCpus.select(options.cpus()) : OnlineCpus.online();
      targets = Targets.resolve(options);
    } catch (SyscallSelection.BadExpression | Targets.NoSuchTarget e) {
      throw new UsageException(e.getMessage());
    } catch (IllegalArgumentException e) {
      throw new UsageException("-C: " + e.getMessage());
    }
    phase("targets resolved");
    List<BpfObject> objects = readObjects(events.objects());
    Symbolizer stackSymbols = stacksSymbolizer();
    // -F names a fault's instruction and address by the tasks' mappings, as stacks do
    Symbolizer symbolizer =
        stackSymbols != null ? stackSymbols : options.pageFaults().any() ? Symbolizer.live() : null;
    CallFilter callFilter =
        CallFilters.of(options, selection, beautifier, options.callGraph().any());
    List<Integer> tids = new ArrayList<>(targets.tids());
    Set<Integer> snapshotPids = new LinkedHashSet<>(targets.snapshotPids());
    Workload workload = null;
    if (options.hasWorkload()) {
      workload = Workload.startStopped(options.command());
      phase("workload " + workload.pid() + " started, stopped");
      if (targets.tracesCommand()) {
        tids.add(workload.pid());
      }
      if (targets.tracesCommand() || targets.systemWide()) {
        snapshotPids.add(workload.pid());
      }
    }
    // The command alone is traced from its exec on; next to -p/-t/-u it only times the run (as perf
    // trace).
    boolean enableOnExec = targets.tracesCommand() && options.delayMs() == 0;
    Writer out = null;
    LiveCapture capture = null;
    KernelSummaryBeside kernelSummary = null;
    try {
      if (KernelSummaryBeside.applies(options)) {
        kernelSummary =
            KernelSummaryBeside.open(options, targets, tracefs, arch, beautifier, selection, err);
      }
      out = openOutput();
      boolean color = options.output() == null && System.console() != null && !options.json();
      TracePipeline pipeline =
          TracePipeline.builder(options, beautifier)
              .procFds(FdTable.ProcFds.LIVE)
              .writer(out)
              .selection(selection)
              .color(color)
              .singleThread(targets.singleThread())
              .stacks(
                  stackSymbols == null
                      ? null
                      : new StackPrinter(stackSymbols, options.callGraph(), names.byNumber()::get))
              .faults(options.pageFaults().any() ? new FaultPrinter(symbolizer) : null)
              .summedInKernel(kernelSummary != null)
              .build();
      // strace's --- SIG… --- and +++ exited … +++ lines for a command or -p/-t, not system-wide
      boolean signalLines = !options.noSignals() && !options.summaryOnly() && !options.systemWide();
      // Under -e the calls that close or replace fds are captured too (not printed): without them
      // a number reused outside the selection would keep its old name.
      CaptureSpec spec =
          new CaptureSpec(
              List.copyOf(tids),
              cpus,
              options.summaryOnly()
                  ? selection
                  : withExitCalls(
                      withFdChanges(selection, pipeline.fdSyscalls()), signalLines, beautifier),
              new HashMap<>(names.byNumber()),
              targets.excluded(),
              !options.noInherit(),
              enableOnExec,
              options.mmapPages() > 0 ? options.mmapPages() : DEFAULT_RING_PAGES,
              options.callGraph());
      boolean traceSyscalls = events.syscalls() && !options.noSyscalls();
      capture =
          !traceSyscalls
              ? LiveCapture.openWithoutSyscalls(spec, options.verbose() ? err : null)
              : LiveCapture.open(
                  tracefs,
                  spec,
                  beautifier,
                  pipeline.fdSyscalls(),
                  selection,
                  !options.summaryOnly(),
                  options.verbose() ? err : null,
                  this::phase,
                  new LiveCapture.PairedRequest(
                      options.callGraph().any() || !enteredByObjects(objects, names).isEmpty()
                          ? TraceOptions.Capture.PERF
                          : options.capture(),
                      arch,
                      options.stringLimit(),
                      options.cpus() != null,
                      err,
                      callFilter,
                      CompatAbi.of(beautifier).arch() != beautifier.arch()
                          && CompatTargets.any(
                              options.hasWorkload() ? options.command() : null, targets.tids())));
      List<String> opened = new ArrayList<>(events.tracepoints());
      if (signalLines) {
        for (String s : SIGNAL_TRACEPOINTS) {
          if (!opened.contains(s) && tracefs.has("signal", s.substring("signal:".length()))) {
            opened.add(s);
          }
        }
        Workload command = workload;
        pipeline
            .processor()
            .signalLines(
                beautifier, Set.copyOf(events.tracepoints()), pid -> statusOf(command, pid));
      }
      if (options.sched()) {
        if (!opened.contains(TraceProcessor.SCHED_STAT_RUNTIME)) {
          opened.add(TraceProcessor.SCHED_STAT_RUNTIME);
        }
        pipeline.processor().accrueRuntime(Set.copyOf(events.tracepoints()));
      }
      capture.addTracepoints(formats(tracefs, opened));
      if (options.pageFaults().any()) {
        capture.addPageFaults(options.pageFaults().major(), options.pageFaults().minor());
      }
      capture.addObjects(objects, tracefs);
      Set<Integer> filteredByObjects = enteredByObjects(objects, names);
      if (!filteredByObjects.isEmpty()
          && (capture.paired() != null || capture.syscalls().onRawSyscalls())) {
        // their 0 return drops the sample of their own tracepoint only: this capture has none
        err.println(
            "jtrace: warning: a program on syscalls:sys_enter_"
                + beautifier.name(filteredByObjects.iterator().next())
                + " cannot drop calls from this capture ("
                + (capture.paired() != null ? "BPF, on raw_syscalls" : "raw_syscalls")
                + "): list the syscalls with -e (a few) so each is traced by its own tracepoint");
      } else {
        pipeline.processor().entriesFilteredInKernel(filteredByObjects);
      }
      if (!targets.systemWide()) {
        pipeline.processor().outputsOnlyOf(snapshotPids);
      }
      pipeline.processor().expectStrings(capture.capturedStrings());
      // The comms of the targets' threads and the fds they hold before tracing begins, read now:
      // later
      // they may be gone or reused.
      pipeline.snapshot(snapshotPids);
      if (symbolizer != null) {
        snapshotPids.forEach(symbolizer::attach); // their mappings now: later they may be gone
      }
      phase("comms and fd tables of " + snapshotPids.size() + " processes read");
      if (kernelSummary != null) {
        kernelSummary.start(tids, workload == null ? -1 : workload.pid(), enableOnExec);
      }
      int status =
          trace(capture, pipeline, workload, targets, enableOnExec, beautifier, symbolizer);
      pipeline.finish(err);
      if (kernelSummary != null) {
        kernelSummary.print(options, beautifier, out);
      }
      return status;
    } finally {
      if (kernelSummary != null) {
        kernelSummary.close();
      }
      if (workload != null) {
        workload.terminate();
      }
      if (capture != null) {
        capture.close();
        phase("events released");
      }
      if (out != null) {
        out.flush();
        if (options.output() != null) {
          out.close();
        }
      }
    }
  }

  /**
   * The symbolizer of the stacks --call-graph asks for, or null. Stacks come with the tracepoint
   * capture: the kernel samples the callchain at the exit event (sample_max_stack, the kernel
   * frames left out unless asked), as perf trace does, with the mappings' MMAP2 records in the same
   * rings; the paired BPF capture has no callchain in its records.
   */
  private Symbolizer stacksSymbolizer() throws UsageException {
    CallGraph graph = options.callGraph();
    if (!graph.any()) {
      // an eBPF object's output stacks come with its own events, under any capture
      return graph.objects().isEmpty() ? null : Symbolizer.live();
    }
    if (graph.anyDwarf() && RegisterModel.host() == null) {
      throw new UsageException(
          "--call-graph dwarf has no register model for "
              + System.getProperty("os.arch")
              + " yet: use --call-graph fp");
    }
    if (options.capture() == TraceOptions.Capture.BPF
        || options.capture() == TraceOptions.Capture.FENTRY
        || options.capture() == TraceOptions.Capture.BPF_TRACEPOINTS) {
      throw new UsageException("--call-graph needs the tracepoint capture: use --capture=perf");
    }
    return Symbolizer.live();
  }

  /** The most frames any call's stack keeps. */
  private static int deepestStack(CallGraph graph) {
    int frames = graph.maxStack();
    for (CallGraph.EventStack q : graph.perEvent().values()) {
      frames = Math.max(frames, q.maxStack());
    }
    return frames;
  }

  /** What strace's signal lines are made of: the delivery, and the sender behind it. */
  private static final List<String> SIGNAL_TRACEPOINTS =
      List.of("signal:signal_generate", "signal:signal_deliver");

  /**
   * The command's status (128+N when signal N killed it) once it ended; empty for other pids, or
   * when it has not ended a moment after its last task did.
   */
  private static OptionalInt statusOf(Workload command, int pid) {
    if (command == null || command.pid() != pid) {
      return OptionalInt.empty();
    }
    try {
      return command.awaitExit(COMMAND_STATUS_WAIT_MS)
          ? OptionalInt.of(command.waitFor())
          : OptionalInt.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return OptionalInt.empty();
    }
  }

  /** How long the printer waits for the command's status after its leader's end (reaping). */
  private static final long COMMAND_STATUS_WAIT_MS = 200;

  /**
   * The eBPF objects -e names, read (C sources compiled first); a bad one is a usage error of one
   * line naming the file (for a C source: the compiler's lines and perf's hints before it).
   */
  private static List<BpfObject> readObjects(List<String> files) throws UsageException {
    List<BpfObject> out = new ArrayList<>();
    for (String f : files) {
      Path path = Path.of(f);
      try {
        if (!Files.isRegularFile(path)) {
          throw new UsageException("-e " + f + ": no such file");
        }
        if (f.endsWith(".c")) {
          BpfObject o = BpfObjectReader.read(ScriptletCompiler.standard().compile(path));
          // load errors name the source the user gave, not the cached object
          out.add(new BpfObject(f, o.programs(), o.maps(), o.license(), o.kernelVersion()));
        } else {
          out.add(BpfObjectReader.read(path));
        }
      } catch (BpfObjectException e) {
        throw new UsageException(e.getMessage());
      }
    }
    return out;
  }

  /**
   * The syscalls whose entry tracepoint (syscalls:sys_enter_X) runs an object's program: its 0
   * return drops the entry's sample in the kernel, so its exit is dropped too.
   */
  private static Set<Integer> enteredByObjects(List<BpfObject> objects, SyscallNames names) {
    Set<Integer> nrs = new LinkedHashSet<>();
    for (BpfObject o : objects) {
      for (BpfProgram p : o.programs()) {
        String syscall = p.attach().syscallEntered();
        Integer nr = syscall == null ? null : names.byName().get(syscall);
        if (nr != null && nr >= 0) {
          nrs.add(nr);
        }
      }
    }
    return nrs;
  }

  /** The formats of these {@code system:name} events, or a usage error naming one unreadable. */
  private static List<TracepointFormat> formats(Tracefs tracefs, List<String> names)
      throws UsageException {
    List<TracepointFormat> out = new ArrayList<>();
    for (String n : names) {
      int colon = n.indexOf(':');
      out.add(
          tracefs
              .format(n.substring(0, colon), n.substring(colon + 1))
              .orElseThrow(() -> new UsageException("-e " + n + ": its format cannot be read")));
    }
    return out;
  }

  private Writer openOutput() throws IOException {
    try {
      return Utf8Writer.open(options.output());
    } catch (IOException e) {
      throw new UsageException("-o: " + e.getMessage());
    }
  }

  /**
   * Starts the threads and the events, copies until the end, and returns the workload's exit
   * status.
   */
  private int trace(
      LiveCapture live,
      TracePipeline pipeline,
      Workload workload,
      Targets targets,
      boolean enableOnExec,
      SyscallBeautifier beautifier,
      Symbolizer stacks)
      throws IOException, InterruptedException {
    SyscallCapture capture = live.syscalls();
    FdSyscalls fdSyscalls = pipeline.fdSyscalls();
    NewFdScanner scanner =
        new NewFdScanner(capture.tracepoints(), fdSyscalls, FdTable.ProcFds.LIVE::readlink);
    PairedCapture paired = live.paired();
    ChunkPool pool =
        new ChunkPool(
            capture.rings().getFirst().dataBytes(),
            capture.rings().size(),
            paired != null ? ChunkPool.SIDE_BAND_BUDGET_BYTES : ChunkPool.BUDGET_BYTES);
    ChunkPool pairedPool = paired != null ? pairedPool(paired) : null;
    PairedRefs pairedRefs = new PairedRefs(pairedPool);
    ReorderBuffer reorder = new ReorderBuffer(pairedRefs);
    pairedRefs.orderIn(reorder);
    RingRecordDecoder decoder =
        new RingRecordDecoder(
            capture.tracepoints(),
            (int) ProcessHandle.current().pid(),
            (pid, tid, time, nr, ret) ->
                fdSyscalls.returnsNewFd(nr) ? scanner.take(tid, time) : null,
            reorder::add);
    decoder.decodeAlso(live.tracepoints());
    decoder.decodeOutputs(live.objectOutputs());
    decoder.decodeOutputStacks(live.objectStackFrames());
    if (stacks != null) {
      decoder.withStacks(capture.callchainIds());
      pipeline.processor().followMappings(stacks);
      if (capture.dwarfIds().length > 0) {
        // unwinding happens as records are decoded: its own mappings, applied as decoded (the
        // printer's follow time order, behind the decoder)
        Symbolizer unwound = Symbolizer.live();
        decoder.withUserStacks(
            capture.dwarfIds(),
            deepestStack(options.callGraph()),
            new Unwinder(RegisterModel.host(), unwound, new CfiCache(stacks.debugRoot())),
            unwound);
      }
    }
    if (live.faultIds() != SyscallCapture.FaultIds.NONE) {
      decoder.withPageFaults(
          live.faultIds().major(), live.faultIds().minor(), live.faultIds().callchains());
    }
    // Compile the decode → order → print path before the first real burst, on the printer, off the
    // startup path, while the queue holds what arrives meanwhile. Only where every syscall of the
    // targets arrives (raw_syscalls, perf's or the paired programs'): a narrow -e on syscalls' own
    // tracepoints or functions brings few events, and the warm-up's own compiling would be the
    // largest cost a short workload pays (measured on `-e accept`: dd 15 % slower than the kernel's
    // own cost).
    boolean everyCall =
        capture.onRawSyscalls()
            || (paired != null && paired.syscallEvents() == null && paired.functions() == null);
    Runnable warmup =
        everyCall ? () -> Warmup.run(beautifier, WARMUP_MS, () -> tracingEnded) : () -> {};
    PrinterThread printer =
        new PrinterThread(
            pool, decoder, pairedRefs, reorder, pipeline.processor(), pipeline.fds(), warmup, stop);
    // Paths are only resolved when the stream shows every fd change (see NewFdScanner): the watch
    // is
    // opened only then.
    ReaderLoop reader =
        new ReaderLoop(
            capture, live.watch(), pool, live.watch() != null ? scanner : null, printer.queue());
    SpillFile spill = null;
    if (paired != null) {
      PairedRecordDecoder pairedDecoder =
          new PairedRecordDecoder(
              paired.plan(),
              new ContentRenderer(beautifier.arch(), paired.plan().stringLimit()),
              new ContentRenderer(CompatAbi.of(beautifier).arch(), paired.plan().stringLimit()),
              (int) ProcessHandle.current().pid(),
              reorder::flushedUpTo,
              reorder::add);
      spill = spillFile(pairedPool);
      printer.pacedBy(spill);
      reader.alsoCopying(
          new PairedRingReader(paired, pairedPool, printer.queue(), pairedDecoder, spill));
    }

    Signals.onStop(stop);
    // The reader must get a CPU soon after each watermark wakeup; favour it when allowed (root).
    NativeCalls.setThreadNice(NativeCalls.gettid(), READER_NICE);
    printer.start();
    int pidfd = -1;
    if (workload != null) {
      try {
        pidfd = NativeCalls.pidfdOpen(workload.pid());
        capture.wakeAlsoOn(pidfd);
      } catch (PerfException e) {
        pidfd = -1; // old kernel: notice the exit at the next poll timeout
      }
    }

    // Start: the workload runs into its exec (which enables the events) or we enable them now.
    if (workload == null) {
      sleep(options.delayMs());
      live.enable();
    } else if (enableOnExec) {
      workload.resume();
    } else if (options.delayMs() == 0) {
      live.enable();
      workload.resume();
    } else {
      workload.resume();
      sleep(options.delayMs());
      live.enable();
    }
    Workload command = workload;
    reader.run(
        stop, () -> command != null ? command.isAlive() : targets.systemWide() || anyAlive());
    tracingEnded = true;
    if (pidfd >= 0) {
      NativeCalls.close(pidfd);
    }
    phase("tracing stopped");
    if (exitsAfterRun && DeferredRelease.handOver()) {
      phase("release handed to a child");
    }
    printer.join();
    pool.close();
    if (pairedPool != null) {
      pairedPool.close();
    }
    pairedRefs.close();
    if (spill != null) {
      spill.close();
    }
    long cpu = printer.cpuNs();
    phase(
        "printer done"
            + (cpu < 0
                ? ""
                : String.format(
                    ": %d records in %.1f ms of CPU (%d ns each)",
                    printer.processed(), cpu / 1e6, cpu / Math.max(1, printer.processed())))
            + "; "
            + pool.usage()
            + (pairedPool == null ? "" : "; paired ring: " + pairedPool.usage())
            + (spill == null ? "" : "; " + spill.usage())
            + "; passes at most "
            + reader.longestGapNs() / 1_000_000
            + " ms apart");
    if (workload == null) {
      return 0;
    }
    workload.terminate();
    return workload.waitFor();
  }

  /**
   * The paired capture's spill file (--spill-limit), or null when off or when no file can be made
   * (-v says why).
   */
  private SpillFile spillFile(ChunkPool pairedPool) {
    if (options.spillLimit() <= 0) {
      return null;
    }
    Path dir = SpillFile.defaultDir();
    try {
      return SpillFile.create(dir, options.spillLimit(), pairedPool.chunkBytes());
    } catch (IOException e) {
      if (options.verbose()) {
        err.println(
            "jtrace: no spill file in "
                + dir
                + " ("
                + IoErrors.reason(e)
                + "): a backlog past the memory budget is the kernel's to drop");
      }
      return null;
    }
  }

  /**
   * The paired ring's chunks: it is copied in pieces, each holding the largest record and a loss
   * mark after it.
   */
  private static ChunkPool pairedPool(PairedCapture paired) {
    long size =
        Math.max(
            PairedRingReader.CHUNK_BYTES,
            paired.plan().recordSize() + 2L * PairedRingReader.MARK_ROOM);
    return new ChunkPool(size, 2, ChunkPool.PAIRED_BUDGET_BYTES);
  }

  /**
   * The selection plus every syscall that closes or replaces an fd (close, dup2, exec, …), so the
   * fd table follows them; null (every syscall) stays null.
   */
  /** With exit and exit_group captured too (not printed) when their status makes a +++ line. */
  static SyscallSelection.Selection withExitCalls(
      SyscallSelection.Selection selection, boolean wanted, SyscallBeautifier beautifier) {
    if (selection == null || !wanted) {
      return selection;
    }
    Set<Integer> listed = new TreeSet<>(selection.listed());
    for (String name : List.of("exit", "exit_group")) {
      int nr = beautifier.number(name);
      if (nr >= 0 && selection.negated()) listed.remove(nr);
      else if (nr >= 0) listed.add(nr);
    }
    return listed.isEmpty()
        ? null
        : new SyscallSelection.Selection(Set.copyOf(listed), selection.negated());
  }

  static SyscallSelection.Selection withFdChanges(
      SyscallSelection.Selection selection, FdSyscalls fdSyscalls) {
    if (selection == null) {
      return null;
    }
    Set<Integer> listed = new TreeSet<>(selection.listed());
    for (int nr = 0; nr < SyscallNames.MAX_NR; nr++) {
      if (fdSyscalls.replacesFds(nr)) {
        if (selection.negated()) {
          listed.remove(nr);
        } else {
          listed.add(nr);
        }
      }
    }
    if (listed.isEmpty()) {
      return null; // a negation of only fd-changing calls: every syscall is captured
    }
    return new SyscallSelection.Selection(Set.copyOf(listed), selection.negated());
  }

  /** For -p/-t/-u: whether any traced task still exists. */
  private boolean anyAlive() {
    for (int p : options.pids()) {
      if (Files.isDirectory(Path.of("/proc", Integer.toString(p)))) {
        return true;
      }
    }
    for (int t : options.tids()) {
      if (Files.isDirectory(Path.of("/proc", Integer.toString(t)))) {
        return true;
      }
    }
    return options.user() != null; // a user's processes: until interrupted
  }

  private void sleep(long ms) throws InterruptedException {
    long end = System.nanoTime() + ms * 1_000_000;
    while (ms > 0 && !stop.get() && System.nanoTime() < end) {
      Thread.sleep(Math.min(50, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
    }
  }

  /** A usage problem found while setting up (exit 2). */
  public static final class UsageException extends IOException {
    public UsageException(String message) {
      super(message);
    }
  }
}
