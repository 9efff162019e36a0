package dev.jtrace.cli;

import java.util.Arrays;

/**
 * Entry point of {@code ./jtrace}: a subcommand name, or else perf trace's own options (live
 * tracing, or replay with {@code -i}).
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(run(args, true));
  }

  /** Runs one command line and returns the exit status. */
  public static int run(String[] args) {
    return run(args, false);
  }

  /** Runs one command line; {@code exitsAfter}: the JVM exits right after it. */
  static int run(String[] args, boolean exitsAfter) {
    String first = args.length > 0 ? args[0] : "";
    String[] rest = args.length > 0 ? Arrays.copyOfRange(args, 1, args.length) : args;
    return switch (first) {
      case "tables" -> TablesCommand.run(rest, System.out, System.err);
      case "check-headers" -> CheckHeadersCommand.run(rest, System.out, System.err);
      case "record" -> RecordCommand.run(rest, System.out, System.err);
      case "evlist" -> EvlistCommand.run(rest, System.out, System.err);
      case "script" -> ScriptCommand.run(rest, System.out, System.err);
      default -> TraceCommand.run(args, System.out, System.err, exitsAfter);
    };
  }
}
