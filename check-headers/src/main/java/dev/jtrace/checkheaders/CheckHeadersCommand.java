package dev.jtrace.checkheaders;

import java.io.PrintStream;

/** {@code jtrace check-headers --kernel-dir DIR [--strict]}. */
public final class CheckHeadersCommand {
  private CheckHeadersCommand() {}

  public static int run(String[] args, PrintStream out, PrintStream err) {
    err.println("jtrace: check-headers is not implemented yet");
    return 2;
  }
}
