package dev.jtrace.cli;

import java.io.PrintStream;

/** {@code jtrace record}. */
public final class RecordCommand {
  private RecordCommand() {}

  public static int run(String[] args, PrintStream out, PrintStream err) {
    err.println("jtrace: record is not implemented yet");
    return 2;
  }
}
