package dev.jtrace.perfdata.replay;

import dev.jtrace.beauty.Arch;
import dev.jtrace.beauty.ReturnKind;
import dev.jtrace.beauty.SyscallBeautifier;
import dev.jtrace.perfdata.read.PerfDataHandler;
import dev.jtrace.perfdata.read.PerfDataReader;
import dev.jtrace.perfdata.read.PerfHeader;
import dev.jtrace.perfdata.read.PerfRecord;
import dev.jtrace.perfdata.read.ReadResult;
import dev.jtrace.tracer.event.SyscallEnter;
import dev.jtrace.tracer.event.SyscallExit;
import dev.jtrace.tracer.event.TaskComm;
import dev.jtrace.tracer.event.TaskExit;
import dev.jtrace.tracer.event.TaskFork;
import dev.jtrace.tracer.event.TraceRecord;
import dev.jtrace.tracer.options.TraceOptions;
import dev.jtrace.tracer.options.TraceOptionsParser;
import dev.jtrace.tracer.output.JsonPrinter;
import dev.jtrace.tracer.output.SummaryCollector;
import dev.jtrace.tracer.output.TextOptions;
import dev.jtrace.tracer.output.TextPrinter;
import dev.jtrace.tracer.output.TimeBase;
import dev.jtrace.tracer.output.TraceOutput;
import dev.jtrace.tracer.select.SyscallNames;
import dev.jtrace.tracer.select.SyscallSelection;
import dev.jtrace.tracer.session.TraceProcessor;
import dev.jtrace.tracer.state.FdSyscalls;
import dev.jtrace.tracer.state.FdTable;
import dev.jtrace.tracer.state.ThreadTable;
import dev.jtrace.tracer.state.TracerBeautyContext;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code jtrace -i FILE [trace options]}: a perf.data file (either mode, any arch) through the same
 * processor and outputs as a live trace. Unlike perf 6.1, -e, -p/-t, --filter-pids, --duration and
 * --failure apply, pipe-mode files work and no tracefs is needed; syscall names and errnos follow the
 * file's HEADER_ARCH.
 */
public final class PerfDataReplay {
  private PerfDataReplay() {}

  /** Whether the command line asks for a replay ({@code -i FILE} or {@code --input=FILE} before any {@code --}). */
  public static boolean wants(String[] args) {
    for (String a : args) {
      if (a.equals("--")) return false;
      if (a.equals("-i") || a.equals("--input") || a.startsWith("--input=")) return true;
    }
    return false;
  }

  public static int run(String[] args, PrintStream out, PrintStream err) {
    String input = null;
    List<String> rest = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("-i") || a.equals("--input")) {
        if (i + 1 >= args.length) {
          err.println("jtrace: option " + a + " needs a file name");
          return 2;
        }
        input = args[++i];
      } else if (a.startsWith("--input=")) {
        input = a.substring(8);
      } else {
        rest.add(a);
      }
    }
    // the live parser wants a target; a replay's target is the file (-p/-t still filter it)
    if (!rest.contains("-p") && !rest.contains("-t") && !rest.contains("--pid") && !rest.contains("--tid")
        && rest.stream().noneMatch(a -> a.startsWith("--pid=") || a.startsWith("--tid="))) {
      rest.add(0, "-a");
    }
    TraceOptions options;
    try {
      options = TraceOptionsParser.parse(rest.toArray(String[]::new));
    } catch (TraceOptionsParser.HelpRequested h) {
      out.print(TraceOptionsParser.USAGE);
      return 0;
    } catch (TraceOptionsParser.BadOption e) {
      err.println("jtrace: " + e.getMessage());
      return 2;
    }
    if (options.hasWorkload()) {
      err.println("jtrace: -i replays a file: a command to run makes no sense with it");
      return 2;
    }
    Writer w;
    try {
      w = dev.jtrace.tracer.output.Utf8Writer.open(options.output());
    } catch (IOException e) {
      err.println("jtrace: -o: cannot write " + options.output() + ": " + e.getMessage());
      return 2;
    }
    Session session = new Session(options, w, err, input);
    ReadResult r;
    try {
      r = PerfDataReader.read(Path.of(input), session);
      session.end();
    } catch (UncheckedIOException e) {
      err.println("jtrace: " + e.getCause().getMessage());
      return 1;
    } catch (UsageError e) {
      err.println("jtrace: " + e.getMessage());
      return 2;
    } finally {
      try {
        w.flush();
        if (options.output() != null) w.close();
      } catch (IOException ignored) {
        // stderr or a full disk: nothing more to say
      }
    }
    if (session.usage != null) {
      err.println("jtrace: " + session.usage);
      return 2;
    }
    if (!r.ok()) {
      err.println("jtrace: " + input + ": " + r.error());
      return 1;
    }
    return 0;
  }

  /** A bad option value found once the file's arch is known (e.g. an -e name unknown on that arch). */
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
    private final SyscallRecords convert = new SyscallRecords();
    private final Set<Integer> pids;
    private final Set<Integer> tids;
    private final Set<Integer> dropped;
    private TraceProcessor processor;
    private SummaryCollector summary;
    private SyscallBeautifier beautifier;
    private ThreadTable threads;
    private String usage;

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
      if (processor != null) return;
      Arch arch = h.arch() == null ? Arch.host() : Arch.parse(h.arch()).orElse(null);
      if (arch == null) {
        usage = input + ": arch '" + h.arch() + "' has no syscall table in jtrace";
        throw new UsageError(usage);
      }
      beautifier = SyscallBeautifier.forArch(arch);
      SyscallNames names = SyscallNames.of(beautifier);
      SyscallSelection.Selection selection = null;
      if (options.expr() != null) {
        try {
          selection = SyscallSelection.parse(options.expr(), names);
        } catch (SyscallSelection.BadExpression e) {
          usage = e.getMessage();
          throw new UsageError(usage);
        }
      }
      Set<Integer> noReturn = new HashSet<>();
      for (int nr = 0; nr < SyscallNames.MAX_NR; nr++) {
        if (beautifier.returnKind(nr) == ReturnKind.NONE) noReturn.add(nr);
      }
      for (String n : List.of("exit", "exit_group")) {
        Integer nr = names.byName().get(n);
        if (nr != null) noReturn.add(nr);
      }
      threads = new ThreadTable(false);
      FdSyscalls fdSyscalls = FdSyscalls.resolve(beautifier.arch(), n -> names.byName().getOrDefault(n, -1));
      FdTable fds = new FdTable(fdSyscalls, FdTable.ProcFds.NONE);
      TracerBeautyContext context = new TracerBeautyContext(threads, fds);
      TimeBase base = new TimeBase(options.absoluteTime());
      boolean singleThread = tids.size() == 1 && pids.isEmpty();
      TextOptions text = new TextOptions(!singleThread, options.comm(), options.absoluteTime(),
          (long) (options.durationMs() * 1_000_000), options.failure(), false);
      List<TraceOutput> outputs = new ArrayList<>();
      if (!options.summaryOnly()) {
        outputs.add(options.json()
            ? new JsonPrinter(out, beautifier, context, text, base)
            : new TextPrinter(out, beautifier, context, text, base));
      }
      if (options.summaryOnly() || options.withSummary()) {
        summary = new SummaryCollector();
        outputs.add(summary);
      }
      processor = new TraceProcessor(threads, fds, selection, noReturn::contains, outputs, base, text::accepts,
          options.maxEvents());
    }

    @Override
    public void record(PerfRecord r) {
      if (processor == null || processor.done()) return;
      TraceRecord t = convert.convert(r);
      if (t == null || !wanted(t)) return;
      try {
        processor.process(t);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /** -p/-t keep only those tasks; --filter-pids drops some (side-band records of all tasks are kept). */
    private boolean wanted(TraceRecord t) {
      int pid;
      int tid;
      switch (t) {
        case SyscallEnter e -> {
          pid = e.pid();
          tid = e.tid();
        }
        case SyscallExit x -> {
          pid = x.pid();
          tid = x.tid();
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
      if (processor == null) return;
      try {
        processor.flush();
        processor.finish();
        if (summary != null) summary.print(out, beautifier, threads::comm, options.errnoSummary());
        if (processor.lost() > 0 && summary == null) {
          out.flush();
          err.println("jtrace: LOST " + processor.lost() + " events!");
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
