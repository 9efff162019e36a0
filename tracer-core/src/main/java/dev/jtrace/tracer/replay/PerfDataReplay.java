package dev.jtrace.tracer.replay;

import dev.jtrace.beauty.Arch;
import dev.jtrace.beauty.SyscallBeautifier;
import dev.jtrace.beauty.content.ContentRenderer;
import dev.jtrace.files.IoErrors;
import dev.jtrace.perfdata.PerfDataException;
import dev.jtrace.perfdata.read.PerfDataHandler;
import dev.jtrace.perfdata.read.PerfDataReader;
import dev.jtrace.perfdata.read.PerfHeader;
import dev.jtrace.perfdata.read.PerfRecord;
import dev.jtrace.perfdata.read.ReadResult;
import dev.jtrace.perfdata.script.SampleStacks;
import dev.jtrace.perfdata.script.ScriptCallchain;
import dev.jtrace.perfdata.tracing.RecordedFormats;
import dev.jtrace.record.ContentRecording;
import dev.jtrace.symbols.Symbolizer;
import dev.jtrace.tracer.bpf.ContentPlan;
import dev.jtrace.tracer.bpf.StringCapture;
import dev.jtrace.tracer.event.CompatAbi;
import dev.jtrace.tracer.event.CompatEntry;
import dev.jtrace.tracer.event.PairedRecordDecoder;
import dev.jtrace.tracer.event.PairedSyscall;
import dev.jtrace.tracer.event.SyscallEnter;
import dev.jtrace.tracer.event.SyscallExit;
import dev.jtrace.tracer.event.TaskComm;
import dev.jtrace.tracer.event.TaskExit;
import dev.jtrace.tracer.event.TaskFork;
import dev.jtrace.tracer.event.TraceRecord;
import dev.jtrace.tracer.event.TracepointSample;
import dev.jtrace.tracer.options.TraceOptions;
import dev.jtrace.tracer.output.StackPrinter;
import dev.jtrace.tracer.output.Utf8Writer;
import dev.jtrace.tracer.select.EventSelection;
import dev.jtrace.tracer.select.SyscallNames;
import dev.jtrace.tracer.select.SyscallSelection;
import dev.jtrace.tracer.session.TracePipeline;
import dev.jtrace.tracer.session.TraceProcessor;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Function;

/**
 * {@code jtrace -i FILE [trace options]}: a perf.data file (either mode, any arch) through the same
 * processor and outputs as a live trace. Unlike perf 6.1, -e, -p/-t, --filter-pids, --duration and
 * --failure apply, pipe-mode files work and no tracefs is needed; syscall names and errnos follow
 * the file's HEADER_ARCH.
 */
public final class PerfDataReplay {
  private PerfDataReplay() {}

  /**
   * Replays {@code options.input()}; the command line was parsed and checked by {@code
   * TraceCommand}.
   */
  public static int run(TraceOptions options, PrintStream err) {
    String input = options.input();
    Writer w;
    try {
      w = Utf8Writer.open(options.output());
    } catch (IOException e) {
      err.println("jtrace: -o: " + e.getMessage());
      return 2;
    }
    try {
      return replay(options, handler -> PerfDataReader.read(Path.of(input), handler), w, err);
    } finally {
      try {
        w.flush();
        if (options.output() != null) w.close();
      } catch (IOException ignored) {
        // stderr or a full disk: nothing more to say
      }
    }
  }

  /**
   * Replays what {@code read} delivers into {@code w}; the exit status: 0, 1 for a bad file or a
   * failed write, 2 for an option that does not fit the file.
   */
  static int replay(
      TraceOptions options, Function<PerfDataHandler, ReadResult> read, Writer w, PrintStream err) {
    String input = options.input();
    Session session = new Session(options, w, err, input);
    ReadResult r;
    try {
      r = read.apply(session);
      session.end();
    } catch (UncheckedIOException e) {
      err.println("jtrace: cannot write the trace: " + IoErrors.reason(e.getCause()));
      return 1;
    } catch (UsageError e) {
      err.println("jtrace: " + e.getMessage());
      return 2;
    } catch (PerfDataException e) {
      // found by the session, not the reader: a header field the replay cannot work with
      err.println("jtrace: " + input + ": " + e.describe());
      return 1;
    } catch (RuntimeException e) {
      // a bug of jtrace's, not the file's fault: one line all the same, and not worded as a bad
      // file
      err.println("jtrace: " + input + ": internal error while replaying: " + e);
      return 1;
    }
    if (!r.ok()) {
      err.println("jtrace: " + input + ": " + r.error());
      return 1;
    }
    return 0;
  }

  /**
   * A bad option value found once the file's arch is known (e.g. an -e name unknown on that arch).
   */
  private static final class UsageError extends RuntimeException {
    UsageError(String message) {
      super(message, null, false, false);
    }
  }

  /** The processor and outputs, set up when the header (and so the arch) is known. */
  private static final class Session implements PerfDataHandler {
    private final TraceOptions options;
    private final Writer out;
    private final PrintStream err;
    private final String input;
    private final SyscallRecords convert;
    private final Set<Integer> pids;
    private final Set<Integer> tids;
    private final Set<Integer> dropped;
    private TracePipeline pipeline;
    private TraceProcessor processor;

    /** Joins the calls' recorded copies to them, or null: the file has none. */
    private RecordedContents contents;

    private EventSelection events = EventSelection.SYSCALLS_ONLY;

    /** Whether the file's calls are shown: -e named some, or no tracepoint; not --no-syscalls. */
    private boolean syscalls() {
      return events.syscalls() && !options.noSyscalls();
    }

    /** Names the frames of the file's callchains; its mappings follow the file's records. */
    private final Symbolizer symbolizer = Symbolizer.replay();

    {
      // user stacks recorded as registers and a stack copy (--call-graph dwarf) are unwound here
      convert = new SyscallRecords(new SampleStacks(symbolizer)::callchain);
    }

    Session(TraceOptions options, Writer out, PrintStream err, String input) {
      this.options = options;
      this.out = out;
      this.err = err;
      this.input = input;
      this.pids = new HashSet<>(options.pids());
      this.tids = new HashSet<>(options.tids());
      this.dropped = new HashSet<>(options.filterPids());
    }

    @Override
    public void header(PerfHeader h) {
      ScriptCallchain.kallsymsOf(symbolizer, h);
      if (processor != null) return;
      Arch arch = h.arch() == null ? Arch.host() : Arch.parse(h.arch()).orElse(null);
      if (arch == null) {
        // a damaged HEADER_ARCH, or an arch jtrace has no tables of: the file's fault either way
        throw new PerfDataException(
            h.archOffset(), "arch '" + h.arch() + "' (HEADER_ARCH) has no syscall table in jtrace");
      }
      SyscallBeautifier beautifier = SyscallBeautifier.forArch(arch);
      SyscallNames names = SyscallNames.of(beautifier);
      SyscallSelection.Selection selection = null;
      FileEvents fileEvents = new FileEvents(h.tracingData());
      try {
        events = EventSelection.parse(options.expr(), fileEvents);
        if (events.syscallExpr() != null) {
          selection = SyscallSelection.parse(events.syscallExpr(), names);
        }
      } catch (SyscallSelection.BadExpression e) {
        throw new UsageError(e.getMessage());
      }
      boolean singleThread = tids.size() == 1 && pids.isEmpty();
      pipeline =
          TracePipeline.builder(options, beautifier)
              .writer(out)
              .selection(selection)
              .singleThread(singleThread)
              .stacks(
                  new StackPrinter(
                      symbolizer, options.callGraph().forReplay(), names.byNumber()::get))
              .build();
      processor = pipeline.processor();
      if (CompatAbi.of(beautifier).arch() != beautifier.arch()) {
        convert.compatByAbi();
      }
      if (!options.noSignals() && fileEvents.has("signal", "signal_deliver")) {
        processor.signalLines(
            beautifier, Set.copyOf(events.tracepoints()), pid -> OptionalInt.empty());
      }
      if (options.sched()) {
        processor.accrueRuntime(Set.copyOf(events.tracepoints()));
      }
      if (h.events().stream().anyMatch(e -> RecordedFormats.PAIRED_NAME.equals(e.name()))) {
        // jtrace record copied the calls' memory: each call is joined to its copy
        ContentPlan plan = ContentRecording.plan(beautifier, nr -> true, options.stringLimit());
        convert.pairedRecords(
            new PairedRecordDecoder(
                plan,
                new ContentRenderer(beautifier.arch(), options.stringLimit()),
                new ContentRenderer(CompatAbi.of(beautifier).arch(), options.stringLimit()),
                -1,
                () -> Long.MIN_VALUE,
                r -> {}));
        contents = new RecordedContents(plan, this::toProcessor);
      }
      if (h.events().stream().anyMatch(e -> StringCapture.RECORDED_NAME.equals(e.name()))) {
        // jtrace record copied the calls' strings: each entry is paired with its own
        processor.expectStrings(StringCapture.argsFor(beautifier, null));
      }
    }

    @Override
    public void record(PerfRecord r) {
      if (processor == null || processor.done()) return;
      ScriptCallchain.follow(symbolizer, r);
      TraceRecord t = convert.convert(r);
      if (t == null || !wanted(t)) return;
      try {
        if (t instanceof SyscallEnter e && e.compat()) {
          // as the live capture marks it: the processor numbers the call and its return so
          deliver(new CompatEntry(e.time(), e.cpu(), e.pid(), e.tid(), e.nr()));
        }
        deliver(t);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    private void deliver(TraceRecord t) throws IOException {
      if (contents != null) {
        contents.process(t);
      } else {
        processor.process(t);
      }
    }

    private void toProcessor(TraceRecord t) throws IOException {
      if (!processor.done()) processor.process(t);
    }

    /**
     * -p/-t keep only those tasks; --filter-pids drops some (side-band records of all tasks are
     * kept).
     */
    private boolean wanted(TraceRecord t) {
      int pid;
      int tid;
      switch (t) {
        case SyscallEnter e -> {
          if (!syscalls()) return false;
          pid = e.pid();
          tid = e.tid();
        }
        case SyscallExit x -> {
          if (!syscalls()) return false;
          pid = x.pid();
          tid = x.tid();
        }
        case PairedSyscall p -> {
          if (!syscalls()) return false;
          pid = p.pid();
          tid = p.tid();
        }
        case TaskComm c -> {
          return true;
        }
        case TaskFork f -> {
          return true;
        }
        case TaskExit x -> {
          pid = x.pid();
          tid = x.tid();
        }
        case TracepointSample sample -> {
          // -e of tracepoints shows those (and the signal ones behind strace's lines); none: all
          if (!events.tracepoints().isEmpty()
              && !events.tracepoints().contains(sample.name())
              && !sample.name().startsWith("signal:")) return false;
          pid = sample.pid();
          tid = sample.tid();
        }
        default -> {
          return true;
        }
      }
      if (dropped.contains(pid) || dropped.contains(tid)) return false;
      if (pids.isEmpty() && tids.isEmpty()) return true;
      return pids.contains(pid) || tids.contains(tid);
    }

    @Override
    public void warning(String message) {
      err.println("jtrace: " + input + ": warning: " + message);
    }

    void end() {
      if (convert.shortSamples > 0) {
        warning(
            convert.shortSamples
                + " syscall samples are shorter than their format (the first at offset 0x"
                + Long.toHexString(convert.firstShortSample)
                + "): left out");
      }
      if (processor == null) return;
      try {
        if (contents != null) contents.finish();
        processor.flush();
        processor.finish();
        pipeline.finish(err);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
