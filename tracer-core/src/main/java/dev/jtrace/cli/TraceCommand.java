package dev.jtrace.cli;

import dev.jtrace.tracer.options.TraceOptions;
import dev.jtrace.tracer.options.TraceOptionsParser;
import dev.jtrace.tracer.replay.PerfDataReplay;
import dev.jtrace.tracer.session.LiveTracer;
import java.io.IOException;
import java.io.PrintStream;

/** {@code jtrace [options] [-- command]}: live syscall tracing, perf trace's options. */
public final class TraceCommand {
  private TraceCommand() {}

  public static int run(String[] args, PrintStream out, PrintStream err) {
    return run(args, out, err, false);
  }

  /**
   * Runs one trace; {@code exitsAfter}: the JVM exits right after (the command line), so the kernel's
   * release of the events need not be waited for.
   */
  public static int run(String[] args, PrintStream out, PrintStream err, boolean exitsAfter) {
    if (PerfDataReplay.wants(args)) {
      return PerfDataReplay.run(args, out, err); // -i FILE: replay a perf.data
    }
    TraceOptions options;
    try {
      options = TraceOptionsParser.parse(args);
    } catch (TraceOptionsParser.HelpRequested h) {
      out.print(TraceOptionsParser.USAGE);
      return 0;
    } catch (TraceOptionsParser.BadOption e) {
      err.println("jtrace: " + e.getMessage());
      return 2;
    }
    try {
      LiveTracer tracer = new LiveTracer(options, err);
      return (exitsAfter ? tracer.exitsAfterRun() : tracer).run();
    } catch (LiveTracer.UsageException e) {
      err.println("jtrace: " + e.getMessage());
      return 2;
    } catch (IOException e) {
      err.println("jtrace: " + e.getMessage());
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      err.println("jtrace: interrupted");
      return 130;
    }
  }
}
