package dev.jtrace.tracer.session;

import dev.jtrace.beauty.SyscallBeautifier;
import dev.jtrace.tracer.event.CompatAbi;
import dev.jtrace.tracer.options.TraceOptions;
import dev.jtrace.tracer.output.FaultPrinter;
import dev.jtrace.tracer.output.JsonPrinter;
import dev.jtrace.tracer.output.StackPrinter;
import dev.jtrace.tracer.output.SummaryCollector;
import dev.jtrace.tracer.output.TextOptions;
import dev.jtrace.tracer.output.TextPrinter;
import dev.jtrace.tracer.output.TimeBase;
import dev.jtrace.tracer.output.TraceOutput;
import dev.jtrace.tracer.select.SyscallSelection;
import dev.jtrace.tracer.state.FdSyscalls;
import dev.jtrace.tracer.state.FdTable;
import dev.jtrace.tracer.state.ThreadTable;
import dev.jtrace.tracer.state.TracerBeautyContext;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;

/**
 * The record → state → outputs half of a trace, the same for every source: a live run, a perf.data
 * replay and the JIT warm-up. Holds the thread and fd tables, the outputs (text or JSON, and the
 * summary) and the {@link TraceProcessor} that feeds them; {@link #finish} writes what comes after
 * the last event.
 */
public final class TracePipeline {
  private final TraceOptions options;
  private final SyscallBeautifier beautifier;
  private final Writer out;
  private final ThreadTable threads;
  private final FdSyscalls fdSyscalls;
  private final FdTable fds;
  private final SummaryCollector summary;
  private final TraceProcessor processor;

  private TracePipeline(Builder b) {
    this.options = b.options;
    this.beautifier = b.beautifier;
    this.out = b.out;
    boolean live = b.procFds != FdTable.ProcFds.NONE;
    this.threads = new ThreadTable(live);
    this.fdSyscalls = FdSyscalls.resolve(beautifier.arch(), beautifier::number);
    // fds held before tracing come from the snapshot, never from a late /proc read (the fd may be
    // reused).
    this.fds = new FdTable(fdSyscalls, b.procFds, false);
    TracerBeautyContext context = new TracerBeautyContext(threads, fds);
    TimeBase base = new TimeBase(options.absoluteTime());
    TextOptions text =
        TextOptions.builder()
            .showThread(!b.singleThread)
            .showComm(options.comm())
            .absoluteTime(options.absoluteTime())
            .minDurationNs((long) (options.durationMs() * 1_000_000))
            .failureOnly(options.failure())
            .successfulOnly(options.successfulOnly())
            .color(b.color)
            .build();
    List<TraceOutput> outputs = new ArrayList<>();
    if (!options.summaryOnly()) {
      outputs.add(printer(out, beautifier, context, text, base, b.stacks, b.faults));
    }
    if (b.warmup) {
      outputs.add(new JsonPrinter(out, beautifier, context, text, base));
    }
    this.summary =
        (options.summaryOnly() || options.withSummary()) && !b.summedInKernel
            ? new SummaryCollector()
            : null;
    if (summary != null) {
      summary.showRuntime(options.sched());
      summary.groupBy(options.summaryMode());
      outputs.add(summary);
    }
    this.processor =
        new TraceProcessor(
            threads,
            fds,
            b.selection,
            beautifier.noReturn(),
            outputs,
            base,
            text::accepts,
            options.maxEvents());
    processor.decodeCompat(CompatAbi.of(beautifier));
    processor.tracePaths(PathTrace.of(options.tracePaths(), beautifier::signature, fds));
  }

  /** The text or JSON printer, printing stacks when a stack printer is given. */
  private TraceOutput printer(
      Writer w,
      SyscallBeautifier calls,
      TracerBeautyContext context,
      TextOptions text,
      TimeBase base,
      StackPrinter stacks,
      FaultPrinter faults) {
    if (options.json()) {
      JsonPrinter json = new JsonPrinter(w, calls, context, text, base);
      json.printStacks(stacks);
      json.printFaults(faults);
      return json;
    }
    TextPrinter lines = new TextPrinter(w, calls, context, text, base);
    lines.printStacks(stacks);
    lines.printFaults(faults);
    return lines;
  }

  public static Builder builder(TraceOptions options, SyscallBeautifier beautifier) {
    return new Builder(options, beautifier);
  }

  /**
   * A pipeline with every output (text, JSON and summary) writing to nothing, for the warm-up: it
   * compiles the paths a real trace takes.
   */
  static TracePipeline forWarmup(SyscallBeautifier beautifier) {
    TraceOptions options = TraceOptions.builder().allCpus(true).withSummary(true).build();
    Builder b = builder(options, beautifier);
    b.warmup = true;
    return b.build();
  }

  public TraceProcessor processor() {
    return processor;
  }

  public ThreadTable threads() {
    return threads;
  }

  /** The fd table the processor keeps (a live run re-learns lost fds into it). */
  FdTable fds() {
    return fds;
  }

  public FdSyscalls fdSyscalls() {
    return fdSyscalls;
  }

  /**
   * Reads the comms and the open fds of processes that exist before tracing begins (later they may
   * be gone).
   */
  public void snapshot(Iterable<Integer> pids) {
    for (int p : pids) {
      threads.snapshot(p);
      if (fdSyscalls.any()) {
        fds.snapshot(p);
      }
    }
  }

  /**
   * After the processor's last event: the summary, if asked for, and a LOST line on err when the
   * lines went to a file (on stderr the text already says so where the loss happened).
   */
  public void finish(PrintStream err) throws IOException {
    if (summary != null) {
      summary.print(out, beautifier, threads::comm, options.errnoSummary());
    }
    out.flush();
    long lostStrings = processor.lostStrings();
    long lost = processor.lost();
    long lostCalls = processor.lostCalls();
    if (((lost > 0 || lostCalls > 0) && summary == null && options.output() != null)
        || lostStrings > 0) {
      List<String> what = new ArrayList<>();
      if (lost > 0 || lostCalls == 0) {
        what.add(lost + " events");
      }
      if (lostCalls > 0) {
        what.add(lostCalls + " calls");
      }
      if (lostStrings > 0) {
        what.add(lostStrings + " strings");
      }
      err.println("jtrace: LOST " + String.join(", ", what) + "!");
    }
  }

  /** What a pipeline is built from; options and beautifier are required, the rest has defaults. */
  public static final class Builder {
    private final TraceOptions options;
    private final SyscallBeautifier beautifier;
    private FdTable.ProcFds procFds = FdTable.ProcFds.NONE;
    private Writer out = Writer.nullWriter();
    private SyscallSelection.Selection selection;
    private boolean color;
    private boolean singleThread;
    private boolean warmup;
    private StackPrinter stacks;
    private FaultPrinter faults;
    private boolean summedInKernel;

    private Builder(TraceOptions options, SyscallBeautifier beautifier) {
      this.options = options;
      this.beautifier = beautifier;
    }

    /**
     * Where fds held before tracing are read: {@link FdTable.ProcFds#LIVE}, or NONE for a replay
     * (default).
     */
    public Builder procFds(FdTable.ProcFds procFds) {
      this.procFds = procFds;
      return this;
    }

    /** Prints the stacks calls carry under their lines (null: none). */
    public Builder stacks(StackPrinter printer) {
      this.stacks = printer;
      return this;
    }

    /** Prints page faults (-F) through this printer (null: none). */
    public Builder faults(FaultPrinter printer) {
      this.faults = printer;
      return this;
    }

    /** Where the lines and the summary go (default: nowhere). */
    public Builder writer(Writer out) {
      this.out = out;
      return this;
    }

    /** The -e selection resolved on this arch (default null: every syscall). */
    public Builder selection(SyscallSelection.Selection selection) {
      this.selection = selection;
      return this;
    }

    /** Colour long durations (a terminal). */
    public Builder color(boolean color) {
      this.color = color;
      return this;
    }

    /** Only one thread can appear: lines leave out {@code comm/tid}. */
    public Builder singleThread(boolean singleThread) {
      this.singleThread = singleThread;
      return this;
    }

    /** -S's summary is the kernel's ({@link KernelSummaryBeside}): no user-space collector. */
    public Builder summedInKernel(boolean v) {
      this.summedInKernel = v;
      return this;
    }

    public TracePipeline build() {
      return new TracePipeline(this);
    }
  }
}
