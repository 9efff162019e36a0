package dev.jtrace.cli;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Runs a command line in this JVM for a test: its status and what it printed on stderr. */
final class CliRun {
  private CliRun() {}

  /** One of the commands' {@code run(args, out, err)}. */
  interface Command {
    int run(String[] args, PrintStream out, PrintStream err);
  }

  record Result(int status, String err) {}

  static Result run(Command command, String... args) {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status =
        command.run(
            args,
            new PrintStream(new ByteArrayOutputStream()),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Result(status, err.toString(StandardCharsets.UTF_8));
  }

  /** Skips unless this process may open tracepoint events (root, tracefs mounted). */
  static void assumeTracing() {
    assumeTrue(
        Files.isReadable(Path.of("/sys/kernel/tracing/events/raw_syscalls/sys_enter/id")),
        "tracefs is not mounted/readable at /sys/kernel/tracing (needs root)");
    assumeTrue(
        "root".equals(System.getProperty("user.name")),
        "recording needs root (perf_event_open on tracepoints)");
  }
}
