package dev.jtrace.tracer.options;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Parses perf trace's command line into {@link TraceOptions}; a bad option is one line, naming it. */
public final class TraceOptionsParser {
  private TraceOptionsParser() {}

  /** A usage error; the message is the whole line to print. */
  public static final class BadOption extends Exception {
    public BadOption(String message) {
      super(message);
    }
  }

  /** Asked for help: print {@link #USAGE}. */
  public static final class HelpRequested extends Exception {}

  public static final String USAGE =
      """
      usage: jtrace [<options>] [-- <command> [<args>]]
        (no target and no command: system-wide until Ctrl-C; a command next to -p/-t/-u: trace those while it runs)
        -a, --all-cpus          system-wide, every CPU
        -C, --cpu <list>        system-wide on these CPUs (0-3,5)
        -p, --pid <pid,...>     existing processes
        -t, --tid <tid,...>     existing threads
        -u, --uid <user>        processes of a user
            --no-inherit        do not follow children
        -e, --expr <syscalls>   names, globs (open*), groups (file,network,process,signal,memory,ipc,desc), !negation
            --filter-pids <pids> pids the kernel drops
            --duration <ms>     only calls lasting at least this long
            --failure           only failed calls
        -s, --summary           only the per-thread summary
        -S, --with-summary      lines and summary
            --errno-summary     errnos per syscall in the summary
        -T, --time              absolute timestamps
            --comm, --no-comm   show/hide the comm next to the tid
        -o, --output <file>     write the trace to a file (default: stderr)
            --max-events <n>    stop after n events
        -m, --mmap-pages <n>    ring pages per CPU (or a size: 16M)
        -D, --delay <ms>        wait before tracing
            --json              one JSON object per event
        -v, --verbose           describe the events opened
        -i, --input <file>      replay a perf.data instead (- reads a pipe); the options above apply to it

      subcommands: record, evlist, script, tables, check-headers (jtrace SUBCOMMAND --help)
      """;

  private static final java.util.Set<String> VALUE_OPTIONS =
      java.util.Set.of("-p", "--pid", "-t", "--tid", "-u", "--uid", "-C", "--cpu", "-e", "--expr",
          "--event", "--filter-pids", "--duration", "-o", "--output", "--max-events", "-m",
          "--mmap-pages", "-D", "--delay");

  public static TraceOptions parse(String[] args) throws BadOption, HelpRequested {
    List<String> command = new ArrayList<>();
    List<Integer> pids = new ArrayList<>();
    List<Integer> tids = new ArrayList<>();
    List<Integer> filterPids = new ArrayList<>();
    String user = null;
    boolean all = false;
    String cpus = null;
    boolean noInherit = false;
    String expr = null;
    double duration = 0;
    boolean failure = false;
    boolean summary = false;
    boolean withSummary = false;
    boolean errnoSummary = false;
    boolean time = false;
    boolean comm = true;
    String output = null;
    long maxEvents = 0;
    int pages = 0;
    long delay = 0;
    boolean verbose = false;
    boolean json = false;

    int i = 0;
    while (i < args.length) {
      String a = args[i];
      if (a.equals("--")) {
        command.addAll(List.of(args).subList(i + 1, args.length));
        break;
      }
      if (!a.startsWith("-") || a.equals("-")) {
        command.addAll(List.of(args).subList(i, args.length));
        break;
      }
      String name = a;
      String inline = null;
      if (a.startsWith("--") && a.indexOf('=') > 0) {
        name = a.substring(0, a.indexOf('='));
        inline = a.substring(a.indexOf('=') + 1);
      } else if (!a.startsWith("--") && a.length() > 2) {
        name = a.substring(0, 2);
        inline = a.substring(2);
      }
      i++;
      switch (name) {
        case "-h", "--help" -> throw new HelpRequested();
        case "-a", "--all-cpus" -> all = flag(name, inline);
        case "--no-inherit" -> noInherit = flag(name, inline);
        case "--failure" -> failure = flag(name, inline);
        case "-s", "--summary" -> summary = flag(name, inline);
        case "-S", "--with-summary" -> withSummary = flag(name, inline);
        case "--errno-summary" -> errnoSummary = flag(name, inline);
        case "-T", "--time" -> time = flag(name, inline);
        case "--comm" -> comm = flag(name, inline);
        case "--no-comm" -> comm = !flag(name, inline);
        case "-v", "--verbose" -> verbose = flag(name, inline);
        case "--json" -> json = flag(name, inline);
        default -> {
          if (!VALUE_OPTIONS.contains(name)) {
            throw new BadOption("unknown option " + name + " (see jtrace --help)");
          }
          String v = inline;
          if (v == null) {
            if (i >= args.length) {
              throw new BadOption("option " + name + " needs a value");
            }
            v = args[i++];
          }
          switch (name) {
            case "-p", "--pid" -> pids.addAll(intList(name, v));
            case "-t", "--tid" -> tids.addAll(intList(name, v));
            case "-u", "--uid" -> user = v;
            case "-C", "--cpu" -> cpus = v;
            case "-e", "--expr", "--event" -> expr = expr == null ? v : expr + "," + v;
            case "--filter-pids" -> filterPids.addAll(intList(name, v));
            case "--duration" -> duration = positiveDouble(name, v);
            case "-o", "--output" -> output = v;
            case "--max-events" -> maxEvents = positiveLong(name, v);
            case "-m", "--mmap-pages" -> pages = pages(v);
            case "-D", "--delay" -> delay = positiveLong(name, v);
            default -> throw new BadOption("unknown option " + name + " (see jtrace --help)");
          }
        }
      }
    }
    // No target and no command: system-wide, as perf trace; a command next to a target times the run.
    int targets = (pids.isEmpty() ? 0 : 1) + (tids.isEmpty() ? 0 : 1) + (user == null ? 0 : 1);
    if (targets > 1) {
      throw new BadOption("choose one target: -p, -t or -u");
    }
    return new TraceOptions(List.copyOf(command), List.copyOf(pids), List.copyOf(tids), user, all, cpus,
        noInherit, expr, List.copyOf(filterPids), duration, failure, summary, withSummary,
        errnoSummary, time, comm, output, maxEvents, pages, delay, verbose, json);
  }

  private static boolean flag(String name, String inline) throws BadOption {
    if (inline != null) {
      throw new BadOption("option " + name + " takes no value");
    }
    return true;
  }

  private static List<Integer> intList(String name, String v) throws BadOption {
    List<Integer> out = new ArrayList<>();
    for (String p : v.split(",")) {
      try {
        int n = Integer.parseInt(p.trim());
        if (n <= 0) {
          throw new NumberFormatException();
        }
        out.add(n);
      } catch (NumberFormatException e) {
        throw new BadOption("option " + name + ": '" + p + "' is not a pid");
      }
    }
    return out;
  }

  private static double positiveDouble(String name, String v) throws BadOption {
    try {
      double d = Double.parseDouble(v);
      if (d < 0 || Double.isNaN(d) || Double.isInfinite(d)) {
        throw new NumberFormatException();
      }
      return d;
    } catch (NumberFormatException e) {
      throw new BadOption("option " + name + ": '" + v + "' is not a non-negative number");
    }
  }

  private static long positiveLong(String name, String v) throws BadOption {
    try {
      long n = Long.parseLong(v);
      if (n < 0) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw new BadOption("option " + name + ": '" + v + "' is not a non-negative integer");
    }
  }

  /** -m: a page count, or a size with a B/K/M/G suffix; rounded up to a power of two pages. */
  static int pages(String v) throws BadOption {
    String s = v.trim().toUpperCase(Locale.ROOT);
    long mult = 0;
    if (s.endsWith("B") || s.endsWith("K") || s.endsWith("M") || s.endsWith("G")) {
      char u = s.charAt(s.length() - 1);
      mult = switch (u) {
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
      throw new BadOption("option -m: '" + v + "' is not a page count or size (e.g. 16, 64K, 8M)");
    }
    long pagesWanted = mult == 0 ? n : (n * mult + 4095) / 4096;
    if (pagesWanted < 1 || pagesWanted > (1 << 20)) {
      throw new BadOption("option -m: '" + v + "' is out of range (1 page to 4 GiB)");
    }
    long p = Long.highestOneBit(pagesWanted);
    if (p < pagesWanted) {
      p <<= 1;
    }
    return (int) p;
  }
}
