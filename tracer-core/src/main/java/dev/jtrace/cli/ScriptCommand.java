package dev.jtrace.cli;

import java.io.PrintStream;

/** {@code jtrace script}. */
public final class ScriptCommand {
  private ScriptCommand() {}

  public static int run(String[] args, PrintStream out, PrintStream err) {
    err.println("jtrace: script is not implemented yet");
    return 2;
  }
}
