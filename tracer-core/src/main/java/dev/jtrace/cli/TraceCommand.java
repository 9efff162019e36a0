package dev.jtrace.cli;

import java.io.PrintStream;

/** {@code jtrace trace}. */
public final class TraceCommand {
  private TraceCommand() {}

  public static int run(String[] args, PrintStream out, PrintStream err) {
    err.println("jtrace: trace is not implemented yet");
    return 2;
  }
}
