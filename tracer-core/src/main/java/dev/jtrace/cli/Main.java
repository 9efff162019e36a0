package dev.jtrace.cli;

/** Entry point of {@code ./jtrace}. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(run(args));
  }

  static int run(String[] args) {
    System.err.println("jtrace: no subcommand implemented yet");
    return 2;
  }
}
