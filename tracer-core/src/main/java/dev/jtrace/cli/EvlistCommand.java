package dev.jtrace.cli;

import dev.jtrace.cli.args.Options;
import dev.jtrace.cli.args.Options.Option;
import dev.jtrace.cli.args.Values;
import dev.jtrace.perfdata.read.PerfDataEvent;
import dev.jtrace.perfdata.read.PerfDataHandler;
import dev.jtrace.perfdata.read.PerfDataReader;
import dev.jtrace.perfdata.read.PerfHeader;
import dev.jtrace.perfdata.read.ReadResult;
import dev.jtrace.perfdata.script.EvlistFormatter;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code jtrace evlist [-i FILE] [-v] [--trace-fields]}: the events recorded in a perf.data file.
 */
public final class EvlistCommand {
  private EvlistCommand() {}

  static final Options SPEC =
      new Options(
          "jtrace evlist",
          "usage: jtrace evlist [-i FILE] [-v] [--trace-fields]",
          Options.Rest.NONE);
  private static final Option<String> INPUT =
      SPEC.value("-i, --input", "FILE", "the perf.data to read (default perf.data)", Values::text);
  private static final Option<Boolean> VERBOSE =
      SPEC.flag("-v, --verbose", "every attr field of each event");
  private static final Option<Boolean> TRACE_FIELDS =
      SPEC.flag("--trace-fields", "the tracepoints' fields");

  public static int run(String[] args, PrintStream out, PrintStream err) {
    return SPEC.run(
        args,
        out,
        err,
        a ->
            list(
                a.get(INPUT, "perf.data"),
                a.flag(VERBOSE, false),
                a.flag(TRACE_FIELDS, false),
                out,
                err));
  }

  private static int list(
      String input, boolean verbose, boolean traceFields, PrintStream out, PrintStream err) {
    PerfHeader[] header = new PerfHeader[1];
    // the events are all in the header: stop reading at the first data record
    ReadResult r =
        PerfDataReader.read(
            Path.of(input),
            new PerfDataHandler() {
              @Override
              public void header(PerfHeader h) {
                header[0] = h;
              }

              @Override
              public void warning(String message) {
                err.println("jtrace evlist: " + input + ": warning: " + message);
              }
            });
    PerfHeader h = header[0] != null ? header[0] : r.header();
    List<PerfDataEvent> events = h == null ? List.of() : h.events();
    for (PerfDataEvent e : events) out.println(EvlistFormatter.line(e, verbose, traceFields));
    if (!r.ok()) {
      err.println("jtrace evlist: " + input + ": " + r.error());
      return 1;
    }
    return 0;
  }
}
