package dev.jtrace.cli;

import dev.jtrace.cli.args.BadArgs;
import dev.jtrace.cli.args.BadValue;
import dev.jtrace.cli.args.Options;
import dev.jtrace.cli.args.Options.Option;
import dev.jtrace.cli.args.ParsedArgs;
import dev.jtrace.cli.args.Values;
import dev.jtrace.files.IoErrors;
import dev.jtrace.tracer.filter.FilterException;
import dev.jtrace.tracer.filter.FilterParser;
import dev.jtrace.tracer.options.CallGraph;
import dev.jtrace.tracer.options.PageFaults;
import dev.jtrace.tracer.options.TraceOptions;
import dev.jtrace.tracer.replay.PerfDataReplay;
import dev.jtrace.tracer.session.LiveTracer;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code jtrace [options] [-- command]}: syscall tracing with perf trace's options, live or from a
 * perf.data.
 */
public final class TraceCommand {
  private TraceCommand() {}

  static final Options SPEC =
      new Options(
          "jtrace", "usage: jtrace [<options>] [-- <command> [<args>]]", Options.Rest.COMMAND);
  private static final Option<Boolean> ALL_CPUS =
      SPEC.flag("-a, --all-cpus", "system-wide, every CPU");
  private static final Option<String> CPUS =
      SPEC.value("-C, --cpu", "list", "system-wide on these CPUs (0-3,5)", Values::text);
  private static final Option<List<Integer>> PIDS =
      SPEC.repeated("-p, --pid", "pid,...", "existing processes", Values::ids);
  private static final Option<List<Integer>> TIDS =
      SPEC.repeated("-t, --tid", "tid,...", "existing threads", Values::ids);
  private static final Option<String> USER =
      SPEC.value("-u, --uid", "user", "processes of a user", Values::text);
  private static final Option<Boolean> NO_INHERIT =
      SPEC.flag("--no-inherit", "do not follow children");
  private static final Option<String> EXPR =
      SPEC.repeated(
          "-e, --expr",
          "events",
          "names, globs (open*), groups (file,network,process,signal,memory,ipc,desc,creds,clock),"
              + " !negation; tracepoints (sched:sched_switch, sched:*wakeup, signal:*)",
          Values::text);
  private static final Option<Boolean> NO_SYSCALLS =
      SPEC.flag("--no-syscalls", "only the tracepoints of -e");
  private static final Option<Boolean> NO_SIGNALS =
      SPEC.flag("--no-signals", "no --- SIG… --- and +++ exited +++ lines");
  private static final Option<List<Integer>> FILTER_PIDS =
      SPEC.repeated("--filter-pids", "pids", "pids the kernel drops", Values::ids);
  private static final Option<Double> DURATION =
      SPEC.value(
          "--duration", "ms", "only calls lasting at least this long", Values::nonNegativeDouble);
  private static final Option<Boolean> FAILURE = SPEC.flag("--failure", "only failed calls");
  // h5-filter: calls kept by their arguments, their result, their cgroup
  private static final Option<String> FILTER =
      SPEC.value(
          "--filter",
          "expr",
          "only calls whose arguments pass, tested in the kernel: fd == 3, flags & CLOEXEC,"
              + " filename ~ \"/etc/*\", count > 4096, && || ! ( )",
          TraceCommand::filter);
  private static final Option<Boolean> SUCCESSFUL_ONLY =
      SPEC.flag("-z, --successful-only", "only calls that returned without an error");
  private static final Option<String> TRACE_PATH =
      SPEC.repeated(
          "-P, --trace-path",
          "path",
          "only calls that touch this path, by name or by an fd open on it (strace's -P)",
          Values::text);
  private static final Option<String> CGROUP =
      SPEC.value("-G, --cgroup", "path", "only tasks in this cgroup v2 or below it", Values::text);
  private static final Option<Boolean> SUMMARY =
      SPEC.flag("-s, --summary", "only the per-thread summary");
  private static final Option<Boolean> WITH_SUMMARY =
      SPEC.flag("-S, --with-summary", "lines and summary");
  private static final Option<Boolean> ERRNO_SUMMARY =
      SPEC.flag("--errno-summary", "errnos per syscall in the summary");
  private static final Option<TraceOptions.SummaryMode> SUMMARY_MODE =
      SPEC.value(
          "--summary-mode",
          "mode",
          "what -s sums by: thread (default), process, total or cgroup",
          TraceCommand::summaryMode);
  private static final Option<Boolean> HISTOGRAM =
      SPEC.flag("--histogram", "log2 latency histograms in the summary");
  private static final Option<Boolean> TIME = SPEC.flag("-T, --time", "absolute timestamps");
  private static final Option<Boolean> COMM =
      SPEC.toggle("--comm", "--no-comm", "show/hide the comm next to the tid");
  private static final Option<String> OUTPUT =
      SPEC.value(
          "-o, --output", "file", "write the trace to a file (default: stderr)", Values::text);
  private static final Option<Long> MAX_EVENTS =
      SPEC.value("--max-events", "n", "stop after n events", Values::nonNegativeLong);
  private static final Option<RingSize> MMAP_PAGES =
      SPEC.value(
          "-m, --mmap-pages", "n", "ring pages per CPU (or a size: 16M)", TraceCommand::ringSize);
  private static final Option<Long> SPILL_LIMIT =
      SPEC.value(
          "--spill-limit",
          "size",
          "backlog kept on disk while the printer is behind (default 1G; 0: none)",
          TraceCommand::spillLimit);
  private static final Option<Long> DELAY =
      SPEC.value("-D, --delay", "ms", "wait before tracing", Values::nonNegativeLong);
  private static final Option<Boolean> JSON = SPEC.flag("--json", "one JSON object per event");
  private static final Option<TraceOptions.Capture> CAPTURE =
      SPEC.value(
          "--capture",
          "how",
          "auto (default), bpf (entry and return joined in the kernel), perf (tracepoints),"
              + " fentry (bpf on the syscalls' kernel functions, BTF) or bpf-tp (bpf on the"
              + " syscalls' own tracepoints)",
          TraceCommand::capture);
  private static final Option<Long> STRING_LIMIT =
      SPEC.value(
          "--string-limit",
          "n",
          "bytes of a string or buffer shown (strace's -s; default 32)",
          Values::nonNegativeLong);
  private static final Option<CallGraphArgs.Mode> CALL_GRAPH =
      SPEC.value(
          "--call-graph",
          "mode",
          "a stack under each call: fp (the frame pointers; -e NAME/max-stack=N/ for one event)",
          CallGraphArgs::mode);
  private static final Option<Long> MAX_STACK =
      SPEC.value("--max-stack", "n", "frames per stack (default 127)", Values::nonNegativeLong);
  private static final Option<Long> MIN_STACK =
      SPEC.value(
          "--min-stack", "n", "leave out calls whose stack is shallower", Values::nonNegativeLong);
  private static final Option<Boolean> KERNEL_SYSCALL_GRAPH =
      SPEC.flag("--kernel-syscall-graph", "kernel frames in the stacks too");
  private static final Option<PageFaults> PAGE_FAULTS =
      SPEC.value(
          "-F, --pf",
          "maj|min|all",
          "page faults too: majfault/minfault lines with where and what address",
          TraceCommand::pageFaults);
  private static final Option<Boolean> SCHED =
      SPEC.flag("--sched", "each thread's time on CPU in the summary (sched_stat_runtime)");
  private static final Option<Boolean> VERBOSE =
      SPEC.flag("-v, --verbose", "describe the events opened");
  private static final Option<String> INPUT =
      SPEC.value(
          "-i, --input",
          "file",
          "replay a perf.data instead (- reads a pipe); the options above apply to it",
          Values::text);

  static {
    SPEC.alias("--event", EXPR)
        .footer(
            "subcommands: record, evlist, script, tables, check-headers (jtrace SUBCOMMAND"
                + " --help)");
  }

  public static int run(String[] args, PrintStream out, PrintStream err) {
    return run(args, out, err, false);
  }

  /**
   * Runs one trace; {@code exitsAfter}: the JVM exits right after (the command line), so the
   * kernel's release of the events need not be waited for.
   */
  public static int run(String[] args, PrintStream out, PrintStream err, boolean exitsAfter) {
    return SPEC.run(
        args,
        out,
        err,
        parsed -> {
          TraceOptions options = options(parsed);
          RingSize ring = parsed.get(MMAP_PAGES, null);
          if (ring != null && ring.rounded()) {
            err.println("jtrace: " + ring.roundingNote());
          }
          return options.replay()
              ? PerfDataReplay.run(options, err)
              : live(options, err, exitsAfter);
        });
  }

  private static int live(TraceOptions options, PrintStream err, boolean exitsAfter) {
    try {
      LiveTracer tracer = new LiveTracer(options, err);
      return (exitsAfter ? tracer.exitsAfterRun() : tracer).run();
    } catch (LiveTracer.UsageException e) {
      err.println("jtrace: " + e.getMessage());
      return BadArgs.STATUS;
    } catch (IOException e) {
      err.println("jtrace: " + IoErrors.describe(e));
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      err.println("jtrace: interrupted");
      return 130;
    }
  }

  /**
   * The options a command line asks for, once the targets it names are known not to contradict each
   * other.
   */
  static TraceOptions options(String... args) throws BadArgs {
    return options(SPEC.parse(args));
  }

  private static TraceOptions options(ParsedArgs a) throws BadArgs {
    List<Integer> pids = flatten(a.all(PIDS));
    List<Integer> tids = flatten(a.all(TIDS));
    CallGraph.Builder graph = callGraph(a);
    String expr = null;
    if (a.has(EXPR)) {
      try {
        expr = CallGraphArgs.stripQualifiers(String.join(",", a.all(EXPR)), graph);
      } catch (BadValue e) {
        throw a.error(a.spelling(EXPR) + ": " + e.getMessage());
      }
    }
    TraceOptions options =
        TraceOptions.builder()
            .command(a.rest())
            .pids(pids)
            .tids(tids)
            .user(a.get(USER, null))
            .allCpus(a.flag(ALL_CPUS, false))
            .cpus(a.get(CPUS, null))
            .noInherit(a.flag(NO_INHERIT, false))
            .noSyscalls(a.flag(NO_SYSCALLS, false))
            .noSignals(a.flag(NO_SIGNALS, false))
            .expr(expr)
            .filterPids(flatten(a.all(FILTER_PIDS)))
            .durationMs(a.get(DURATION, 0.0))
            .failure(a.flag(FAILURE, false))
            .summaryOnly(a.flag(SUMMARY, false))
            .withSummary(a.flag(WITH_SUMMARY, false))
            .errnoSummary(a.flag(ERRNO_SUMMARY, false))
            .summaryMode(a.get(SUMMARY_MODE, TraceOptions.SummaryMode.THREAD))
            .histogram(a.flag(HISTOGRAM, false))
            .absoluteTime(a.flag(TIME, false))
            .comm(a.flag(COMM, true))
            .output(a.get(OUTPUT, null))
            .maxEvents(a.get(MAX_EVENTS, 0L))
            .mmapPages(a.has(MMAP_PAGES) ? a.get(MMAP_PAGES, null).pages() : 0)
            .delayMs(a.get(DELAY, 0L))
            .verbose(a.flag(VERBOSE, false))
            .json(a.flag(JSON, false))
            .input(a.get(INPUT, null))
            .capture(a.get(CAPTURE, TraceOptions.Capture.AUTO))
            .stringLimit(
                (int)
                    Math.min(
                        Integer.MAX_VALUE,
                        a.get(STRING_LIMIT, (long) TraceOptions.DEFAULT_STRING_LIMIT)))
            .callGraph(graph.build())
            .pageFaults(a.get(PAGE_FAULTS, PageFaults.NONE))
            .sched(a.flag(SCHED, false))
            .filter(a.get(FILTER, null))
            .successfulOnly(a.flag(SUCCESSFUL_ONLY, false))
            .cgroup(a.get(CGROUP, null))
            .spillLimit(a.get(SPILL_LIMIT, TraceOptions.DEFAULT_SPILL_LIMIT))
            .tracePaths(a.all(TRACE_PATH))
            .build();
    if (options.replay()) {
      // the file is the target: -p/-t keep those tasks of it, and nothing is run or attached to
      if (options.hasWorkload()) {
        throw a.error(
            a.spelling(INPUT) + " replays a file: a command to run makes no sense with it");
      }
      if (a.has(USER)) {
        throw a.error(
            a.spelling(INPUT)
                + " replays a file: "
                + a.spelling(USER)
                + " cannot apply to it (use -p/-t)");
      }
    } else {
      // perf's target rules: -p/-t override -u and -a/-C; jtrace refuses the contradiction instead
      // of guessing
      exclusive(a, a.has(ALL_CPUS) ? ALL_CPUS : CPUS, PIDS, TIDS, USER);
    }
    exclusive(a, FAILURE, SUCCESSFUL_ONLY);
    return options;
  }

  private static CallGraph.Builder callGraph(ParsedArgs a) {
    CallGraph.Builder g = CallGraph.builder().kernel(a.flag(KERNEL_SYSCALL_GRAPH, false));
    CallGraphArgs.Mode mode = a.get(CALL_GRAPH, null);
    if (mode != null) {
      g.mode(mode.mode()).dwarfStackSize(mode.dwarfSize());
    } else if (a.has(MAX_STACK) || a.has(MIN_STACK)) {
      g.mode(CallGraph.Mode.FP); // as perf trace: a stack depth asks for stacks
    }
    if (a.has(MAX_STACK)) {
      g.maxStack((int) Math.min(Integer.MAX_VALUE, Math.max(1, a.get(MAX_STACK, 0L))));
    }
    g.minStack((int) Math.min(Integer.MAX_VALUE, a.get(MIN_STACK, 0L)));
    return g;
  }

  /** At most one of the options may be given; a command may go with any of them. */
  private static void exclusive(ParsedArgs a, Option<?>... options) throws BadArgs {
    Option<?> first = null;
    for (Option<?> o : options) {
      if (!a.has(o)) {
        continue;
      }
      if (first != null) {
        throw a.error(a.spelling(first) + " and " + a.spelling(o) + " exclude each other");
      }
      first = o;
    }
  }

  private static List<Integer> flatten(List<List<Integer>> lists) {
    List<Integer> out = new ArrayList<>();
    for (List<Integer> l : lists) {
      out.addAll(l);
    }
    return out;
  }

  /** -m as given: the ring's page count and whether the value had to be rounded up to it. */
  record RingSize(int pages, boolean rounded) {
    /** perf trace's words: {@code rounding mmap pages size to 16K (4 pages)}. */
    String roundingNote() {
      long size = pages * 4096L;
      int unit = 0;
      // perf's unit_number__scnprintf: divide while more than one of the next unit remains
      while (size / 1024 > 1 && unit < 3) {
        size /= 1024;
        unit++;
      }
      return "rounding mmap pages size to " + size + "BKMG".charAt(unit) + " (" + pages + " pages)";
    }
  }

  private static PageFaults pageFaults(String v) throws BadValue {
    PageFaults f = PageFaults.parse(v);
    if (f == null) {
      throw new BadValue("not maj, min or all: " + v);
    }
    return f;
  }

  /** --filter: the syntax checked here, the names against the selected syscalls when tracing. */
  private static String filter(String v) throws BadValue {
    try {
      FilterParser.parse(v);
      return v;
    } catch (FilterException e) {
      throw new BadValue(e.describe());
    }
  }

  private static TraceOptions.Capture capture(String v) throws BadValue {
    return switch (v) {
      case "auto" -> TraceOptions.Capture.AUTO;
      case "bpf" -> TraceOptions.Capture.BPF;
      case "perf" -> TraceOptions.Capture.PERF;
      case "fentry" -> TraceOptions.Capture.FENTRY;
      case "bpf-tp" -> TraceOptions.Capture.BPF_TRACEPOINTS;
      default -> throw new BadValue("not auto, bpf, perf, fentry or bpf-tp: " + v);
    };
  }

  private static TraceOptions.SummaryMode summaryMode(String v) throws BadValue {
    return switch (v) {
      case "thread" -> TraceOptions.SummaryMode.THREAD;
      case "process" -> TraceOptions.SummaryMode.PROCESS;
      case "total" -> TraceOptions.SummaryMode.TOTAL;
      case "cgroup" -> TraceOptions.SummaryMode.CGROUP;
      default -> throw new BadValue("not thread, process, total or cgroup: " + v);
    };
  }

  private static RingSize ringSize(String v) throws BadValue {
    int pages = pages(v);
    return new RingSize(pages, pages != requestedPages(v));
  }

  /** -m: a page count, or a size with a B/K/M/G suffix; rounded up to a power of two pages. */
  static Integer pages(String v) throws BadValue {
    long wanted = requestedPages(v);
    long p = Long.highestOneBit(wanted);
    return (int) (p < wanted ? p << 1 : p);
  }

  /** --spill-limit: bytes, with an optional K/M/G suffix; 0 turns spilling off. */
  static Long spillLimit(String v) throws BadValue {
    String s = v.strip().toUpperCase(Locale.ROOT);
    long unit = 1;
    if (!s.isEmpty() && "KMG".indexOf(s.charAt(s.length() - 1)) >= 0) {
      unit = 1L << (10 * ("KMG".indexOf(s.charAt(s.length() - 1)) + 1));
      s = s.substring(0, s.length() - 1);
    }
    try {
      long n = Long.parseLong(s);
      if (n < 0 || n > (1L << 50) / unit) {
        throw new BadValue("out of range (0 to 1P): " + v);
      }
      return n * unit;
    } catch (NumberFormatException e) {
      throw new BadValue("not a size (0, 512M, 2G): " + v);
    }
  }

  /** -m's value in pages, a size rounded up to whole pages. */
  private static long requestedPages(String v) throws BadValue {
    String s = v.strip().toUpperCase(Locale.ROOT);
    long unit = 0;
    if (s.endsWith("B") || s.endsWith("K") || s.endsWith("M") || s.endsWith("G")) {
      unit =
          switch (s.charAt(s.length() - 1)) {
            case 'K' -> 1024;
            case 'M' -> 1024 * 1024;
            case 'G' -> 1024L * 1024 * 1024;
            default -> 1;
          };
      s = s.substring(0, s.length() - 1);
    }
    long n;
    try {
      n = Long.parseLong(s);
    } catch (NumberFormatException e) {
      throw new BadValue("not a page count or size (16, 64K, 8M): " + v);
    }
    long wanted = unit == 0 ? n : (n * unit + 4095) / 4096;
    if (wanted < 1 || wanted > (1 << 20)) {
      throw new BadValue("out of range (1 page to 4 GiB): " + v);
    }
    return wanted;
  }
}
