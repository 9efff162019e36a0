package dev.jtrace.cli;

import dev.jtrace.cli.args.BadArgs;
import dev.jtrace.cli.args.BadValue;
import dev.jtrace.cli.args.Options;
import dev.jtrace.cli.args.Options.Option;
import dev.jtrace.cli.args.ParsedArgs;
import dev.jtrace.cli.args.Values;
import dev.jtrace.files.IoErrors;
import dev.jtrace.record.RecordOptions;
import dev.jtrace.record.Recorder;
import dev.jtrace.tracer.options.CallGraph;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** {@code jtrace record [options] -- COMMAND}: writes a perf.data that the real perf reads. */
public final class RecordCommand {
  private RecordCommand() {}

  static final Options SPEC =
      new Options(
          "jtrace record",
          "usage: jtrace record [-o FILE|-] [-e SYSTEM:EVENT[,…]] [-a | -p PID[,PID…]] [-m PAGES]"
              + " [--string-limit N] [--no-contents] [-- COMMAND [ARG…]]",
          Options.Rest.COMMAND);
  private static final Option<String> OUTPUT =
      SPEC.value(
          "-o, --output",
          "FILE|-",
          "where to write (default perf.data; - writes pipe mode to standard output)",
          Values::text);
  private static final Option<List<String>> EVENTS =
      SPEC.repeated(
          "-e, --event",
          "SYSTEM:EVENT,...",
          "tracepoints to record (default raw_syscalls:sys_enter,raw_syscalls:sys_exit)",
          RecordCommand::events);
  private static final Option<Boolean> ALL_CPUS =
      SPEC.flag("-a, --all-cpus", "every task on every CPU, until Ctrl-C");
  private static final Option<List<Integer>> PIDS =
      SPEC.repeated(
          "-p, --pid",
          "PID,...",
          "existing processes and their threads, until Ctrl-C",
          Values::ids);
  private static final Option<CallGraphArgs.Mode> CALL_GRAPH =
      SPEC.value(
          "--call-graph",
          "mode",
          "each sample's stack: fp (the frame pointers), with MMAP2 records and build ids",
          CallGraphArgs::mode);
  private static final Option<Long> STRING_LIMIT =
      SPEC.value(
          "--string-limit",
          "n",
          "bytes of each buffer recorded with its call, for jtrace -i (default 32)",
          Values::nonNegativeLong);
  private static final Option<Boolean> NO_CONTENTS =
      SPEC.flag(
          "--no-contents",
          "no call's memory but its strings (perf record's cost; jtrace -i shows pointers)");
  private static final Option<Integer> PAGES =
      SPEC.value(
          "-m, --mmap-pages",
          "PAGES",
          "data pages per CPU ring, a power of two (default 2048 = 8 MiB)",
          RecordCommand::pages);

  public static int run(String[] args, PrintStream out, PrintStream err) {
    return SPEC.run(args, out, err, parsed -> record(options(parsed, args), err));
  }

  private static int record(RecordOptions options, PrintStream err) {
    try {
      return new Recorder(options, err).run();
    } catch (IOException e) {
      err.println("jtrace record: " + IoErrors.describe(e));
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      err.println("jtrace record: interrupted");
      return 130;
    }
  }

  /** The recording a command line asks for. */
  static RecordOptions options(String... args) throws BadArgs {
    return options(SPEC.parse(args), args);
  }

  private static RecordOptions options(ParsedArgs a, String[] args) throws BadArgs {
    List<String> events = new ArrayList<>();
    a.all(EVENTS).forEach(events::addAll);
    if (events.isEmpty()) {
      events.addAll(RecordOptions.DEFAULT_EVENTS);
    }
    List<Integer> pids = new ArrayList<>();
    a.all(PIDS).forEach(pids::addAll);
    List<String> command = a.rest();
    boolean all = a.flag(ALL_CPUS, false);
    if (!all && pids.isEmpty() && command.isEmpty()) {
      throw a.error("nothing to record: give a command after --, -p PID or -a");
    }
    if (all && a.has(PIDS)) {
      throw a.error(a.spelling(ALL_CPUS) + " and " + a.spelling(PIDS) + " exclude each other");
    }
    if (a.has(PIDS) && !command.isEmpty()) {
      throw a.error(a.spelling(PIDS) + " and a command exclude each other");
    }
    List<String> argv = new ArrayList<>(List.of("jtrace", "record"));
    argv.addAll(List.of(args));
    return RecordOptions.builder()
        .output(a.get(OUTPUT, "perf.data"))
        .events(events)
        .pids(pids)
        .allCpus(all)
        .ringPages(a.get(PAGES, RecordOptions.DEFAULT_RING_PAGES))
        .command(command)
        .argv(argv)
        .callGraph(callGraph(a), dwarfStackSize(a))
        .stringLimit(
            (int)
                Math.min(
                    Integer.MAX_VALUE,
                    a.get(STRING_LIMIT, (long) RecordOptions.DEFAULT_STRING_LIMIT)))
        .contents(!a.flag(NO_CONTENTS, false))
        .build();
  }

  private static boolean callGraph(ParsedArgs a) {
    return a.get(CALL_GRAPH, null) != null;
  }

  /** --call-graph dwarf[,size]: the bytes of user stack each sample copies (0: fp or none). */
  private static int dwarfStackSize(ParsedArgs a) {
    CallGraphArgs.Mode mode = a.get(CALL_GRAPH, null);
    return mode != null && mode.mode() == CallGraph.Mode.DWARF ? mode.dwarfSize() : 0;
  }

  /** -e: a comma-separated list of {@code system:name} tracepoints. */
  private static List<String> events(String list) throws BadValue {
    List<String> out = new ArrayList<>();
    for (String raw : list.split(",")) {
      String e = raw.strip();
      if (e.isEmpty()) {
        continue;
      }
      int colon = e.indexOf(':');
      if (colon <= 0 || colon == e.length() - 1) {
        throw new BadValue("not SYSTEM:EVENT: " + e);
      }
      out.add(e);
    }
    if (out.isEmpty()) {
      // an empty list would have recorded the default events instead
      throw new BadValue("no tracepoint given (expected SYSTEM:EVENT,...)");
    }
    return out;
  }

  /** -m: a power of two. */
  private static Integer pages(String s) throws BadValue {
    long n = Values.integer(s);
    if (n < 1 || n > 1 << 30 || Long.bitCount(n) != 1) {
      throw new BadValue("not a power of two: " + s);
    }
    return (int) n;
  }
}
