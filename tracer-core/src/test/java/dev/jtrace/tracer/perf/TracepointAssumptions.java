package dev.jtrace.tracer.perf;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** Skips a test, with the reason, unless it runs as root with the tracepoint it opens. */
final class TracepointAssumptions {
  private TracepointAssumptions() {}

  /** Assumes root and tracefs with system:name; returns the tracepoint's id. */
  static long rootWith(String system, String name) throws PerfException {
    assumeTrue(
        Files.isDirectory(Path.of("/sys/kernel/tracing/events", system, name)),
        "needs tracefs with " + system + ":" + name);
    assumeTrue(ProcessHandle.current().info().user().orElse("").equals("root"), "needs root");
    return Tracefs.locate().eventId(system, name);
  }
}
