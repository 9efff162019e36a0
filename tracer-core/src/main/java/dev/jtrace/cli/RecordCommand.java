package dev.jtrace.cli;

import dev.jtrace.record.RecordOptions;
import dev.jtrace.record.Recorder;
import java.io.IOException;
import java.io.PrintStream;

/** {@code jtrace record [options] -- COMMAND}: writes a perf.data that the real perf reads. */
public final class RecordCommand {
  private RecordCommand() {}

  public static int run(String[] args, PrintStream out, PrintStream err) {
    RecordOptions options;
    try {
      if (args.length == 1 && (args[0].equals("-h") || args[0].equals("--help"))) {
        out.print(RecordOptions.USAGE);
        return 0;
      }
      options = RecordOptions.parse(args);
    } catch (RecordOptions.BadOption e) {
      err.println("jtrace record: " + e.getMessage());
      err.print(RecordOptions.USAGE);
      return 2;
    }
    try {
      return new Recorder(options, err).run();
    } catch (IOException e) {
      err.println("jtrace record: " + e.getMessage());
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      err.println("jtrace record: interrupted");
      return 130;
    }
  }
}
