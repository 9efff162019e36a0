package dev.jtrace.cli;

import java.io.PrintStream;

/** {@code jtrace evlist}. */
public final class EvlistCommand {
  private EvlistCommand() {}

  public static int run(String[] args, PrintStream out, PrintStream err) {
    err.println("jtrace: evlist is not implemented yet");
    return 2;
  }
}
