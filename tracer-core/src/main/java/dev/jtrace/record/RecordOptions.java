package dev.jtrace.record;

import java.util.ArrayList;
import java.util.List;

/**
 * What {@code jtrace record} was asked for.
 *
 * @param output the file, or {@code -} for pipe mode on standard output
 * @param events tracepoints as {@code system:name}
 * @param pids -p: existing processes (with their threads)
 * @param allCpus -a: every task
 * @param ringPages data pages per CPU ring
 * @param command the workload after {@code --}
 * @param argv the whole command line, for the CMDLINE feature
 */
public record RecordOptions(String output, List<String> events, List<Integer> pids, boolean allCpus,
    int ringPages, List<String> command, List<String> argv) {

  public static final List<String> DEFAULT_EVENTS = List.of("raw_syscalls:sys_enter", "raw_syscalls:sys_exit");
  public static final int DEFAULT_RING_PAGES = 2048;

  /** A bad command line, in one line. */
  public static final class BadOption extends Exception {
    public BadOption(String message) {
      super(message);
    }
  }

  public static final String USAGE = """
      usage: jtrace record [-o FILE|-] [-e SYSTEM:EVENT[,…]] [-a | -p PID[,PID…]] [-m PAGES] [-- COMMAND [ARG…]]
        -o, --output   where to write (default perf.data; - writes pipe mode to standard output)
        -e, --event    tracepoints to record (default raw_syscalls:sys_enter,raw_syscalls:sys_exit)
        -a, --all-cpus every task on every CPU, until Ctrl-C
        -p, --pid      existing processes and their threads, until Ctrl-C
        -m, --mmap-pages  data pages per CPU ring, a power of two (default 2048 = 8 MiB)
      """;

  public static RecordOptions parse(String[] args) throws BadOption {
    String output = "perf.data";
    List<String> events = new ArrayList<>();
    List<Integer> pids = new ArrayList<>();
    boolean all = false;
    int pages = DEFAULT_RING_PAGES;
    List<String> command = new ArrayList<>();
    List<String> argv = new ArrayList<>(List.of("jtrace", "record"));
    argv.addAll(List.of(args));
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("--")) {
        command.addAll(List.of(args).subList(i + 1, args.length));
        break;
      }
      switch (a) {
        case "-o", "--output" -> output = value(args, ++i, a);
        case "-e", "--event" -> {
          for (String e : value(args, ++i, a).split(",")) {
            if (!e.isBlank()) events.add(event(e.strip()));
          }
        }
        case "-a", "--all-cpus" -> all = true;
        case "-p", "--pid" -> {
          for (String p : value(args, ++i, a).split(",")) {
            try {
              pids.add(Integer.parseInt(p.strip()));
            } catch (NumberFormatException e) {
              throw new BadOption("-p: '" + p + "' is not a pid");
            }
          }
        }
        case "-m", "--mmap-pages" -> {
          try {
            pages = Integer.parseInt(value(args, ++i, a));
          } catch (NumberFormatException e) {
            throw new BadOption("-m: not a number");
          }
          if (pages < 1 || Integer.bitCount(pages) != 1) throw new BadOption("-m: " + pages + " is not a power of two");
        }
        default -> {
          if (a.startsWith("-")) throw new BadOption("unknown option '" + a + "'");
          command.addAll(List.of(args).subList(i, args.length)); // perf record CMD without --
          i = args.length;
        }
      }
    }
    if (events.isEmpty()) events.addAll(DEFAULT_EVENTS);
    int targets = (all ? 1 : 0) + (pids.isEmpty() ? 0 : 1) + (command.isEmpty() ? 0 : 1);
    if (targets == 0) throw new BadOption("nothing to record: give a command after --, -p PID or -a");
    if (targets > 1 && !(all && !command.isEmpty())) throw new BadOption("give only one of -a, -p and a command");
    return new RecordOptions(output, List.copyOf(events), List.copyOf(pids), all, pages, List.copyOf(command),
        List.copyOf(argv));
  }

  private static String event(String e) throws BadOption {
    if (e.equals("raw_syscalls:*")) return "raw_syscalls:*";
    int colon = e.indexOf(':');
    if (colon <= 0 || colon == e.length() - 1) throw new BadOption("-e: '" + e + "' is not SYSTEM:EVENT");
    return e;
  }

  private static String value(String[] args, int i, String option) throws BadOption {
    if (i >= args.length) throw new BadOption("option " + option + " needs a value");
    return args[i];
  }
}
