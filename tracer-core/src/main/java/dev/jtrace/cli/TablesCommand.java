package dev.jtrace.cli;

import java.io.PrintStream;

/** {@code jtrace tables}. */
public final class TablesCommand {
  private TablesCommand() {}

  public static int run(String[] args, PrintStream out, PrintStream err) {
    err.println("jtrace: tables is not implemented yet");
    return 2;
  }
}
