package dev.jtrace.cli;

import dev.jtrace.cli.args.BadValue;
import dev.jtrace.cli.args.Options;
import dev.jtrace.cli.args.Options.Option;
import dev.jtrace.cli.args.Values;
import dev.jtrace.perfdata.read.PerfDataHandler;
import dev.jtrace.perfdata.read.PerfDataReader;
import dev.jtrace.perfdata.read.PerfHeader;
import dev.jtrace.perfdata.read.PerfRecord;
import dev.jtrace.perfdata.read.ReadResult;
import dev.jtrace.perfdata.read.Sample;
import dev.jtrace.perfdata.script.ScriptCallchain;
import dev.jtrace.perfdata.script.ScriptFormatter;
import dev.jtrace.perfdata.script.ThreadNames;
import dev.jtrace.symbols.Symbolizer;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code jtrace script [-i FILE] [-F fields] [--pretty]}: one line per sample, as {@code perf
 * script} prints it.
 */
public final class ScriptCommand {
  private ScriptCommand() {}

  static final Options SPEC =
      new Options(
          "jtrace script",
          "usage: jtrace script [-i FILE|-] [-F comm,pid,tid,cpu,time,period,event,ip,trace]"
              + " [--pretty]",
          Options.Rest.NONE);
  private static final Option<String> INPUT =
      SPEC.value(
          "-i, --input",
          "FILE|-",
          "the perf.data to read (default perf.data; - reads a pipe)",
          Values::text);
  private static final Option<List<ScriptFormatter.Field>> FIELDS =
      SPEC.value(
          "-F, --fields",
          "field,...",
          "the columns, in perf script's names",
          ScriptCommand::fields);
  private static final Option<Boolean> PRETTY =
      SPEC.flag("--pretty", "beautified syscall arguments");

  public static int run(String[] args, PrintStream out, PrintStream err) {
    return SPEC.run(
        args,
        out,
        err,
        a ->
            print(
                a.get(INPUT, "perf.data"),
                a.get(FIELDS, ScriptFormatter.DEFAULT_FIELDS),
                a.flag(PRETTY, false),
                out,
                err));
  }

  private static List<ScriptFormatter.Field> fields(String list) throws BadValue {
    List<ScriptFormatter.Field> fields;
    try {
      fields = ScriptFormatter.parseFields(list);
    } catch (IllegalArgumentException e) {
      throw new BadValue(e.getMessage());
    }
    if (fields.isEmpty()) {
      // no field would print an empty line per sample
      throw new BadValue("no field given (known: comm,pid,tid,cpu,time,period,event,ip,trace)");
    }
    return fields;
  }

  private static int print(
      String input,
      List<ScriptFormatter.Field> chosen,
      boolean beautify,
      PrintStream out,
      PrintStream err) {
    BufferedWriter w =
        new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
    ThreadNames names = new ThreadNames();
    StringBuilder line = new StringBuilder(256);
    ScriptFormatter[] formatter = new ScriptFormatter[1];
    ScriptCallchain stacks = new ScriptCallchain(Symbolizer.replay());
    ReadResult r;
    try {
      r =
          PerfDataReader.read(
              Path.of(input),
              new PerfDataHandler() {
                @Override
                public void header(PerfHeader h) {
                  formatter[0] = new ScriptFormatter(h, chosen, beautify);
                  stacks.kallsymsOf(h);
                }

                @Override
                public void record(PerfRecord rec) {
                  if (rec instanceof Sample s) {
                    line.setLength(0);
                    formatter[0].append(line, s, names);
                    line.append('\n');
                    stacks.append(line, s);
                    try {
                      w.append(line);
                    } catch (IOException e) {
                      throw new UncheckedIOException(e);
                    }
                  } else {
                    names.update(rec);
                    stacks.follow(rec);
                  }
                }

                @Override
                public void warning(String message) {
                  flushQuietly(w);
                  err.println("jtrace script: " + input + ": warning: " + message);
                }
              });
    } catch (RuntimeException e) {
      // a bug of jtrace's formatting, not the file's fault: one line all the same
      flushQuietly(w);
      err.println("jtrace script: " + input + ": internal error while formatting: " + e);
      return 1;
    } finally {
      flushQuietly(w);
    }
    // perf counts the same drops twice (LOST records, and LOST_SAMPLES from PERF_FORMAT_LOST at the
    // end)
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
}
