package dev.jtrace.cli;

import dev.jtrace.perfdata.read.PerfDataHandler;
import dev.jtrace.perfdata.read.PerfDataReader;
import dev.jtrace.perfdata.read.PerfDataEvent;
import dev.jtrace.perfdata.read.PerfHeader;
import dev.jtrace.perfdata.read.ReadResult;
import dev.jtrace.perfdata.script.EvlistFormatter;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/** {@code jtrace evlist [-i FILE] [-v] [--trace-fields]}: the events recorded in a perf.data file. */
public final class EvlistCommand {
  private EvlistCommand() {}

  public static int run(String[] args, PrintStream out, PrintStream err) {
    String input = "perf.data";
    boolean verbose = false;
    boolean traceFields = false;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      switch (a) {
        case "-i", "--input" -> {
          if (i + 1 >= args.length) return usage(err, "option " + a + " needs a file name");
          input = args[++i];
        }
        case "-v", "--verbose" -> verbose = true;
        case "--trace-fields" -> traceFields = true;
        case "-h", "--help" -> {
          out.println(USAGE);
          return 0;
        }
        default -> {
          if (a.startsWith("--input=")) input = a.substring(8);
          else if (a.startsWith("-i") && a.length() > 2) input = a.substring(2);
          else return usage(err, "unknown option '" + a + "'");
        }
      }
    }
    String file = input;
    PerfHeader[] header = new PerfHeader[1];
    // the events are all in the header: stop reading at the first data record
    ReadResult r = PerfDataReader.read(Path.of(input), new PerfDataHandler() {
      @Override
      public void header(PerfHeader h) {
        header[0] = h;
      }

      @Override
      public void warning(String message) {
        err.println("jtrace evlist: " + file + ": warning: " + message);
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

  private static final String USAGE = "usage: jtrace evlist [-i FILE] [-v] [--trace-fields]";

  private static int usage(PrintStream err, String problem) {
    err.println("jtrace evlist: " + problem);
    err.println(USAGE);
    return 2;
  }
}
