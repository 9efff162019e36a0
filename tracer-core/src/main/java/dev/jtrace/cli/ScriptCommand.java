package dev.jtrace.cli;

import dev.jtrace.perfdata.read.PerfDataHandler;
import dev.jtrace.perfdata.read.PerfDataReader;
import dev.jtrace.perfdata.read.PerfHeader;
import dev.jtrace.perfdata.read.PerfRecord;
import dev.jtrace.perfdata.read.ReadResult;
import dev.jtrace.perfdata.read.Sample;
import dev.jtrace.perfdata.script.ScriptFormatter;
import dev.jtrace.perfdata.script.ThreadNames;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code jtrace script [-i FILE] [-F fields] [--pretty]}: one line per sample, as {@code perf script}
 * prints it.
 */
public final class ScriptCommand {
  private ScriptCommand() {}

  private static final String USAGE =
      "usage: jtrace script [-i FILE|-] [-F comm,pid,tid,cpu,time,period,event,ip,trace] [--pretty]";

  public static int run(String[] args, PrintStream out, PrintStream err) {
    String input = "perf.data";
    List<ScriptFormatter.Field> fields = ScriptFormatter.DEFAULT_FIELDS;
    boolean pretty = false;
    try {
      for (int i = 0; i < args.length; i++) {
        String a = args[i];
        switch (a) {
          case "-i", "--input" -> {
            if (i + 1 >= args.length) return usage(err, "option " + a + " needs a file name");
            input = args[++i];
          }
          case "-F", "--fields" -> {
            if (i + 1 >= args.length) return usage(err, "option " + a + " needs a field list");
            fields = ScriptFormatter.parseFields(args[++i]);
          }
          case "--pretty" -> pretty = true;
          case "-h", "--help" -> {
            out.println(USAGE);
            return 0;
          }
          default -> {
            if (a.startsWith("--input=")) input = a.substring(8);
            else if (a.startsWith("--fields=")) fields = ScriptFormatter.parseFields(a.substring(9));
            else if (a.startsWith("-i") && a.length() > 2) input = a.substring(2);
            else return usage(err, "unknown option '" + a + "'");
          }
        }
      }
    } catch (IllegalArgumentException e) {
      return usage(err, e.getMessage());
    }
    String file = input;
    List<ScriptFormatter.Field> chosen = fields;
    boolean beautify = pretty;
    BufferedWriter w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
    ThreadNames names = new ThreadNames();
    StringBuilder line = new StringBuilder(256);
    ScriptFormatter[] formatter = new ScriptFormatter[1];
    ReadResult r;
    try {
      r = PerfDataReader.read(Path.of(input), new PerfDataHandler() {
        @Override
        public void header(PerfHeader h) {
          formatter[0] = new ScriptFormatter(h, chosen, beautify);
        }

        @Override
        public void record(PerfRecord rec) {
          if (rec instanceof Sample s) {
            line.setLength(0);
            formatter[0].append(line, s, names);
            line.append('\n');
            try {
              w.append(line);
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          } else {
            names.update(rec);
          }
        }

        @Override
        public void warning(String message) {
          flushQuietly(w);
          err.println("jtrace script: " + file + ": warning: " + message);
        }
      });
    } finally {
      flushQuietly(w);
    }
    // perf counts the same drops twice (LOST records, and LOST_SAMPLES from PERF_FORMAT_LOST at the end)
    long lost = Math.max(r.lostEvents(), r.lostSamples());
    if (lost > 0) {
      err.println("jtrace script: " + input + ": " + lost + " events were lost while recording");
    }
    if (!r.ok()) {
      err.println("jtrace script: " + input + ": " + r.error());
      return 1;
    }
    return 0;
  }

  private static void flushQuietly(BufferedWriter w) {
    try {
      w.flush();
    } catch (IOException e) {
      // stdout closed (a pipe to head): nothing left to say
    }
  }

  private static int usage(PrintStream err, String problem) {
    err.println("jtrace script: " + problem);
    err.println(USAGE);
    return 2;
  }
}
