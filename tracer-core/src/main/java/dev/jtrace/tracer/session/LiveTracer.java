package dev.jtrace.tracer.session;

import dev.jtrace.beauty.ArgSpec;
import dev.jtrace.beauty.SyscallSignature;
import dev.jtrace.tracer.bpf.StringCapture;
import dev.jtrace.tracer.perf.PerfEvent;
import dev.jtrace.tracer.perf.RingBuffer;
import dev.jtrace.beauty.Arch;
import dev.jtrace.beauty.ReturnKind;
import dev.jtrace.beauty.SyscallBeautifier;
import dev.jtrace.tracer.capture.CaptureSpec;
import dev.jtrace.tracer.capture.FdWatch;
import dev.jtrace.tracer.capture.ReorderBuffer;
import dev.jtrace.tracer.capture.SyscallCapture;
import dev.jtrace.tracer.event.LostRecords;
import dev.jtrace.tracer.event.RecordDecoder;
import dev.jtrace.tracer.event.TraceRecord;
import dev.jtrace.tracer.options.TraceOptions;
import dev.jtrace.tracer.output.JsonPrinter;
import dev.jtrace.tracer.output.SummaryCollector;
import dev.jtrace.tracer.output.TextOptions;
import dev.jtrace.tracer.output.TextPrinter;
import dev.jtrace.tracer.output.TimeBase;
import dev.jtrace.tracer.output.TraceOutput;
import dev.jtrace.tracer.output.Utf8Writer;
import dev.jtrace.tracer.perf.DeferredRelease;
import dev.jtrace.tracer.perf.NativeCalls;
import dev.jtrace.tracer.perf.OnlineCpus;
import dev.jtrace.tracer.perf.PerfException;
import dev.jtrace.tracer.perf.RingBuffer;
import dev.jtrace.tracer.perf.Tracefs;
import dev.jtrace.tracer.select.SyscallNames;
import dev.jtrace.tracer.select.SyscallSelection;
import dev.jtrace.tracer.state.FdSyscalls;
import dev.jtrace.tracer.state.FdTable;
import dev.jtrace.tracer.state.ThreadTable;
import dev.jtrace.tracer.state.TracerBeautyContext;
import dev.jtrace.tracer.workload.ProcTasks;
import dev.jtrace.tracer.workload.Workload;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * One {@code jtrace} live run. A reader thread (this one) waits for watermark wakeups, drains every CPU ring
 * through the decoder and hands batches to a printer thread, which merges them in timestamp order (holding
 * back a short window for records still being written on other CPUs), updates thread and fd tables and
 * writes the outputs. The reader only decodes, so the printer's pace never makes the kernel drop records.
 */
public final class LiveTracer {
  /** 8 MiB per CPU: with less, a warm consumer still loses records under dd-like bursts (see FACTS). */
  public static final int DEFAULT_RING_PAGES = 2048;
  /** Records stamped earlier than this before a drain began are assumed fully written. */
  private static final long REORDER_WINDOW_NS = 5_000_000;
  private static final int POLL_MS = 100;
  private static final long WARMUP_MS = 60;
  private static final int PRINTER_NICE = 5;
  private static final int READER_NICE = -10;

  /** What the reader hands the printer: copied ring bytes, a time up to which order is final, the end. */
  private sealed interface Item permits Chunk, Limit, End {}

  private record Chunk(MemorySegment data, long length) implements Item {}

  private record Limit(long time) implements Item {}

  /** kernelLost: every drop the kernel counted, so drops never followed by a LOST record are reported. */
  private record End(long kernelLost) implements Item {}

  private final TraceOptions options;
  private final PrintStream err;
  private final AtomicBoolean stop = new AtomicBoolean();
  /** Set when the last records are queued: a warm-up still running is pointless then. */
  private volatile boolean tracingEnded;
  /** The process exits after run(): hand the slow release of the events to a child (DeferredRelease). */
  private boolean exitsAfterRun;

  private final long started = System.nanoTime();

  public LiveTracer(TraceOptions options, PrintStream err) {
    this.options = options;
    this.err = err;
  }

  /**
   * Declares that the process exits when {@link #run()} returns (the command line), so the kernel's release
   * of the perf events may finish after jtrace is gone instead of delaying its exit.
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
    if (arch != Arch.X86_64) {
      throw new UsageException("live tracing runs on x86_64 only for now (this is " + arch.id() + ")");
    }
    SyscallBeautifier beautifier = SyscallBeautifier.forArch(arch);
    phase("beautifier ready");
    SyscallNames names = SyscallNames.of(beautifier);
    SyscallSelection.Selection selection = null;
    if (options.expr() != null) {
      try {
        selection = SyscallSelection.parse(options.expr(), names);
      } catch (SyscallSelection.BadExpression e) {
        throw new UsageException(e.getMessage());
      }
    }
    Set<Integer> noReturn = new java.util.HashSet<>();
    for (int nr = 0; nr < SyscallNames.MAX_NR; nr++) {
      if (beautifier.returnKind(nr) == ReturnKind.NONE) {
        noReturn.add(nr);
      }
    }
    for (String n : List.of("exit", "exit_group")) {
      Integer nr = names.byName().get(n);
      if (nr != null) {
        noReturn.add(nr);
      }
    }
    List<Integer> cpus;
    try {
      cpus = options.cpus() != null ? OnlineCpus.parse(options.cpus()) : OnlineCpus.online();
    } catch (IllegalArgumentException e) {
      throw new UsageException("-C: " + e.getMessage());
    }

    // Targets.
    List<Integer> tids = new ArrayList<>();
    Set<Integer> excluded = new LinkedHashSet<>();
    for (int p : options.filterPids()) {
      excluded.add(p);
      excluded.addAll(ProcTasks.threadsOf(p));
    }
    boolean singleThread = false;
    if (options.systemWide()) {
      excluded.addAll(ProcTasks.threadsOfAll(ProcTasks.selfAndAncestors()));
    } else if (!options.pids().isEmpty()) {
      for (int p : options.pids()) {
        List<Integer> t = ProcTasks.threadsOf(p);
        if (t.isEmpty()) {
          throw new UsageException("-p: no such process " + p);
        }
        tids.addAll(t);
      }
    } else if (!options.tids().isEmpty()) {
      for (int t : options.tids()) {
        if (!Files.isDirectory(Path.of("/proc", Integer.toString(t)))) {
          throw new UsageException("-t: no such thread " + t);
        }
        tids.add(t);
      }
    } else if (options.user() != null) {
      int uid = ProcTasks.resolveUser(options.user());
      if (uid < 0) {
        throw new UsageException("-u: no such user " + options.user());
      }
      Set<Integer> mine = ProcTasks.selfAndAncestors();
      for (int p : ProcTasks.processesOf(uid)) {
        if (!mine.contains(p)) {
          tids.addAll(ProcTasks.threadsOf(p));
        }
      }
      if (tids.isEmpty()) {
        throw new UsageException("-u: user " + options.user() + " has no processes");
      }
    }
    if (!options.systemWide() && !options.hasWorkload()) {
      singleThread = tids.size() == 1 && options.noInherit();
    }

    phase("targets resolved");
    // Whose fd tables to read before enabling: the targets, or every process for system-wide tracing.
    Set<Integer> snapshotPids = new LinkedHashSet<>();
    if (options.systemWide()) {
      snapshotPids.addAll(ProcTasks.allProcesses());
      snapshotPids.removeAll(ProcTasks.selfAndAncestors());
    } else {
      snapshotPids.addAll(options.pids());
      for (int t : options.tids()) {
        snapshotPids.add(ProcTasks.processOf(t));
      }
      if (options.user() != null) {
        snapshotPids.addAll(ProcTasks.processesOf(ProcTasks.resolveUser(options.user())));
      }
    }
    Tracefs tracefs = Tracefs.locate();
    Workload workload = null;
    if (options.hasWorkload()) {
      workload = Workload.startStopped(options.command());
      snapshotPids.add(workload.pid());
      phase("workload " + workload.pid() + " started, stopped");
      if (!options.systemWide()) {
        tids.add(workload.pid());
      }
    }
    boolean enableOnExec = workload != null && !options.systemWide() && options.delayMs() == 0;
    Map<Integer, String> nameByNr = new HashMap<>(names.byNumber());
    CaptureSpec spec =
        new CaptureSpec(List.copyOf(tids), cpus, selection, nameByNr, excluded, !options.noInherit(),
            enableOnExec, options.mmapPages() > 0 ? options.mmapPages() : DEFAULT_RING_PAGES);

    SyscallCapture capture;
    try {
      capture = SyscallCapture.open(tracefs, spec, options.verbose() ? err : null);
      phase("events opened");
    } catch (PerfException e) {
      if (workload != null) {
        workload.terminate();
      }
      throw e;
    }
    FdWatch watch = null;
    // The watch only serves the path scan, which needs every fd change in the stream and an output that
    // prints paths.
    if (!options.summaryOnly() && fdChangesVisible(selection, names)) {
      Map<String, Integer> newFd = new HashMap<>();
      for (String n : FdSyscalls.newFdNames()) {
        Integer nr = names.byName().get(n);
        if (nr != null && (selection == null || selection.contains(nr))) {
          newFd.put(n, nr);
        }
      }
      try {
        watch = FdWatch.open(tracefs, spec, newFd, capture.onRawSyscalls());
        for (int fd : watch.pollFds()) {
          capture.wakeAlsoOn(fd);
        }
        phase("fd watch opened");
      } catch (PerfException e) {
        if (options.verbose()) {
          err.println("jtrace: no fd watch, fd paths come from /proc later: " + e.getMessage());
        }
      }
    }
    StringCapture strings = null;
    if (!options.summaryOnly()) {
      try {
        strings = openStringCapture(tracefs, capture, spec, beautifier);
        if (strings != null) {
          phase("string capture loaded");
        }
      } catch (PerfException | RuntimeException e) {
        if (options.verbose()) {
          err.println("jtrace: no in-kernel string capture, paths print as pointers: " + e.getMessage());
        }
      }
    }
    Writer out = openOutput();
    try (capture; FdWatch w = watch; StringCapture sc = strings) {
      return trace(capture, w, workload, snapshotPids, enableOnExec, beautifier, names, selection, noReturn, singleThread,
          out);
    } finally {
      phase("events released");
      out.flush();
      if (options.output() != null) {
        out.close();
      }
    }
  }

  /**
   * Loads the eBPF program that copies path arguments at sys_enter into the rings, for the targets (and
   * their descendants), or for every task but the excluded ones system-wide; null when no selected
   * syscall has a string argument.
   */
  private static StringCapture openStringCapture(
      Tracefs tracefs, SyscallCapture capture, CaptureSpec spec, SyscallBeautifier beautifier)
      throws PerfException {
    Map<Integer, int[]> stringArgs = new HashMap<>();
    for (int nr : beautifier.numbers()) {
      SyscallSignature sig = beautifier.signature(nr);
      if (sig == null || nr >= StringCapture.MAX_SYSCALL) {
        continue;
      }
      int[] idx = java.util.stream.IntStream.range(0, sig.args().size())
          .filter(i -> isUserString(sig.args().get(i)))
          .limit(2)
          .toArray();
      if (idx.length > 0) {
        stringArgs.put(nr, idx);
      }
    }
    if (spec.syscalls() != null) {
      stringArgs.keySet().removeIf(nr -> !spec.syscalls().contains(nr));
    }
    if (stringArgs.isEmpty()) {
      return null; // -e selected no call with a string argument: nothing to load
    }
    int watermark = Math.max(RingBuffer.PAGE_SIZE / 2, spec.ringPages() * RingBuffer.PAGE_SIZE / 4);
    StringCapture strings = StringCapture.open(tracefs, spec.cpus(), stringArgs, spec.systemWide(), watermark);
    try {
      if (spec.systemWide()) {
        for (int tid : spec.excludedTids()) {
          strings.exclude(tid);
        }
      } else {
        for (int tid : spec.tids()) {
          strings.trace(tid);
        }
      }
      for (RingBuffer ring : capture.rings()) {
        strings.redirectInto(ring.cpu(), ring.owner());
      }
      strings.enable();
      for (Map.Entry<Long, PerfEvent> enter : capture.enterEventsById().entrySet()) {
        strings.attachTo(enter.getValue(), capture.tracepoints().argCount((int) (long) enter.getKey()));
      }
      return strings;
    } catch (PerfException | RuntimeException e) {
      strings.close();
      throw e;
    }
  }

  /** A pointer to a string in user memory: a path, or a char pointer the beautifier prints as text. */
  private static boolean isUserString(ArgSpec arg) {
    return arg.printsUserString();
  }

  private Writer openOutput() throws IOException {
    try {
      return Utf8Writer.open(options.output());
    } catch (IOException e) {
      throw new UsageException("-o: cannot write " + options.output() + ": " + e.getMessage());
    }
  }

  private int trace(
      SyscallCapture capture,
      FdWatch watch,
      Workload workload,
      Set<Integer> snapshotPids,
      boolean enableOnExec,
      SyscallBeautifier beautifier,
      SyscallNames names,
      SyscallSelection.Selection selection,
      Set<Integer> noReturn,
      boolean singleThread,
      Writer out)
      throws IOException, InterruptedException {
    ThreadTable threads = new ThreadTable(true);
    FdSyscalls fdSyscalls = FdSyscalls.resolve(n -> names.byName().getOrDefault(n, -1));
    FdTable fds = new FdTable(fdSyscalls, FdTable.ProcFds.LIVE, false);
    // The comms of the targets' threads and the fds they hold before tracing begins, read now: later
    // they may be gone or reused.
    for (int p : snapshotPids) {
      threads.snapshot(p);
      if (fdSyscalls.any()) {
        fds.snapshot(p);
      }
    }
    phase("comms and fd tables of " + snapshotPids.size() + " processes read");
    TracerBeautyContext context = new TracerBeautyContext(threads, fds);
    TimeBase base = new TimeBase(options.absoluteTime());
    boolean color = options.output() == null && System.console() != null && !options.json();
    TextOptions textOptions =
        new TextOptions(!singleThread, options.comm(), options.absoluteTime(),
            (long) (options.durationMs() * 1_000_000), options.failure(), color);
    List<TraceOutput> outputs = new ArrayList<>();
    if (!options.summaryOnly()) {
      outputs.add(
          options.json()
              ? new JsonPrinter(out, beautifier, context, textOptions, base)
              : new TextPrinter(out, beautifier, context, textOptions, base));
    }
    SummaryCollector summary = null;
    if (options.summaryOnly() || options.withSummary()) {
      summary = new SummaryCollector();
      outputs.add(summary);
    }
    TraceProcessor processor =
        new TraceProcessor(threads, fds, selection, noReturn::contains, outputs, base,
            textOptions::accepts, options.maxEvents());

    NewFdScanner scanner =
        new NewFdScanner(capture.tracepoints(), fdSyscalls, FdTable.ProcFds.LIVE::readlink);
    // Paths are only resolved when the stream shows every fd change (see NewFdScanner): the watch is
    // opened only then.
    boolean resolveFds = watch != null;
    ReorderBuffer reorder = new ReorderBuffer();
    RecordDecoder decoder =
        new RecordDecoder(capture.tracepoints(), (int) ProcessHandle.current().pid(),
            (pid, tid, time, nr, ret) ->
                fdSyscalls.returnsNewFd(nr) ? scanner.take(tid, time) : null,
            reorder::add);
    ChunkPool pool = new ChunkPool(capture.rings().getFirst().dataBytes());
    boolean warmUp = capture.onRawSyscalls();

    BlockingQueue<Item> queue = new LinkedBlockingQueue<>();
    Throwable[] printerFailure = new Throwable[1];
    Thread printer =
        Thread.ofPlatform().name("jtrace-printer").unstarted(() -> {
          // The printer may lag; the reader must not. Let the scheduler favour the reader.
          NativeCalls.setThreadNice(NativeCalls.gettid(), PRINTER_NICE);
          // Compile the decode → order → print path before the first real burst. The reader only copies
          // ring bytes (cheap even interpreted), so this runs here, off the startup path, while the queue
          // holds what arrives meanwhile.
          // Only for raw_syscalls, where every syscall of the targets arrives: the per-syscall tracepoints
          // of a narrow -e bring few events, and the warm-up's own compiling would be the largest cost a
          // short workload pays (measured on `-e accept`: dd 15 % slower than the kernel's own cost).
          if (warmUp) {
            Warmup.run(beautifier, WARMUP_MS, () -> tracingEnded);
          }
          try {
            print(queue, pool, decoder, reorder, processor);
          } catch (Throwable t) {
            printerFailure[0] = t;
            stop.set(true);
          }
        });

    installSignalHandlers();
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
      enable(capture, watch);
    } else if (enableOnExec) {
      workload.resume();
    } else if (options.delayMs() == 0) {
      enable(capture, watch);
      workload.resume();
    } else {
      workload.resume();
      sleep(options.delayMs());
      enable(capture, watch);
    }

    while (!stop.get()) {
      capture.await(POLL_MS);
      long limit = System.nanoTime() - REORDER_WINDOW_NS;
      if (watch != null) {
        watch.drain((pid, tid, time, fd) -> {}); // it only woke us; the scan below reads the paths
      }
      copyRings(capture, pool, resolveFds ? scanner : null, queue, false);
      queue.add(new Limit(limit));
      if (workload != null && !workload.isAlive()) {
        break;
      }
      if (workload == null && !options.systemWide() && !anyAlive(capture)) {
        break;
      }
    }
    capture.disable();
    copyRings(capture, pool, resolveFds ? scanner : null, queue, true);
    tracingEnded = true;
    queue.add(new End(capture.kernelLost()));
    if (pidfd >= 0) {
      NativeCalls.close(pidfd);
    }
    phase("tracing stopped");
    if (exitsAfterRun && DeferredRelease.handOver()) {
      phase("release handed to a child");
    }
    printer.join();
    pool.close();
    phase("printer done");
    int status = 0;
    if (workload != null) {
      workload.terminate();
      status = workload.waitFor();
    }
    if (printerFailure[0] != null) {
      if (printerFailure[0] instanceof UncheckedIOException u) {
        throw u.getCause();
      }
      if (printerFailure[0] instanceof IOException io) {
        throw io;
      }
      throw new IllegalStateException(printerFailure[0]);
    }
    if (summary != null) {
      summary.print(out, beautifier, threads::comm, options.errnoSummary());
    }
    if (processor.lost() > 0 && summary == null && options.output() != null) {
      err.println("jtrace: LOST " + processor.lost() + " events!");
    }
    return status;
  }

  /** Whether the selected syscalls include every one that closes or replaces an fd. */
  private static boolean fdChangesVisible(SyscallSelection.Selection selection, SyscallNames names) {
    if (selection == null) {
      return true;
    }
    for (String n : List.of("close", "dup2", "dup3", "execve", "execveat", "close_range")) {
      Integer nr = names.byName().get(n);
      if (nr != null && !selection.contains(nr)) {
        return false;
      }
    }
    return true;
  }

  private static void enable(SyscallCapture capture, FdWatch watch) throws PerfException {
    if (watch != null) {
      watch.enable();
    }
    capture.enable();
  }

  /**
   * Empties every ring into chunks for the printer. The only per-record work is the optional scan for new
   * fds, whose paths must be read from /proc before the process closes them.
   */
  private static void copyRings(
      SyscallCapture capture, ChunkPool pool, NewFdScanner scanner, BlockingQueue<Item> queue,
      boolean last) throws InterruptedException {
    List<MemorySegment> chunks = new ArrayList<>(capture.rings().size());
    List<Long> lengths = new ArrayList<>(capture.rings().size());
    for (RingBuffer ring : capture.rings()) {
      MemorySegment chunk = last ? pool.takeWaiting() : pool.take();
      if (chunk == null) {
        break; // the printer is far behind (or gone): let the kernel drop and count
      }
      long n = ring.copyAvailable(chunk);
      if (n == 0) {
        pool.give(chunk);
        continue;
      }
      chunks.add(chunk);
      lengths.add(n);
    }
    if (scanner != null && !chunks.isEmpty()) {
      scanner.scan(chunks, lengths);
    }
    for (int i = 0; i < chunks.size(); i++) {
      queue.add(new Chunk(chunks.get(i), lengths.get(i)));
    }
  }

  /** The printer thread: decodes chunks, orders records and feeds the processor until the end. */
  private void print(
      BlockingQueue<Item> queue, ChunkPool pool, RecordDecoder decoder, ReorderBuffer reorder,
      TraceProcessor processor)
      throws InterruptedException, IOException {
    Consumer<TraceRecord> feed = r -> {
      try {
        processor.process(r);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    };
    while (true) {
      switch (queue.take()) {
        case Chunk c -> {
          RingBuffer.forEachRecord(c.data, c.length, decoder);
          pool.give(c.data);
        }
        case Limit l -> {
          reorder.flushUpTo(l.time, feed);
          processor.flush();
          if (processor.done()) {
            stop.set(true);
          }
        }
        case End e -> {
          reorder.flushAll(feed);
          long unreported = e.kernelLost - decoder.lost();
          if (unreported > 0) {
            processor.process(new LostRecords(System.nanoTime(), -1, unreported));
          }
          processor.finish();
          return;
        }
      }
    }
  }

  /** For -p/-t/-u: whether any traced task still exists. */
  private boolean anyAlive(SyscallCapture capture) {
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

  /** Ctrl-C and SIGTERM end the trace cleanly: final drain, summary, everything released. */
  private void installSignalHandlers() {
    for (String sig : List.of("INT", "TERM")) {
      try {
        sun.misc.Signal.handle(new sun.misc.Signal(sig), s -> {
          stop.set(true);
        });
      } catch (IllegalArgumentException ignored) {
        // signal not available (e.g. -Xrs): the default action applies
      }
    }
  }

  /** A usage problem found while setting up (exit 2). */
  public static final class UsageException extends IOException {
    public UsageException(String message) {
      super(message);
    }
  }
}
