package dev.jtrace.cli;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The training run the build records the JVM's AOT cache from ({@code target/jtrace.aot}, which
 * {@code ./jtrace} loads): the table dump, and when the machine lets us trace, a live trace of
 * {@code true}, so that the classes a trace's start-up loads and links come from the cache. Best
 * effort: a step that cannot run here is left out with one line, and the build goes on.
 */
public final class AotTraining {
  private AotTraining() {}

  public static void main(String[] args) {
    PrintStream devNull = new PrintStream(OutputStream.nullOutputStream());
    TablesCommand.run(new String[] {"--all"}, devNull, devNull);
    if (Files.isDirectory(Path.of("/sys/kernel/tracing/events/raw_syscalls"))
        && Files.isExecutable(Path.of("/bin/true"))) {
      int status =
          TraceCommand.run(
              new String[] {"-o", "/dev/null", "--", "/bin/true"}, devNull, devNull, true);
      if (status != 0) {
        System.err.println(
            "jtrace AOT training: live trace not possible here (status "
                + status
                + "); the cache covers the tables only");
      }
    } else {
      System.err.println("jtrace AOT training: no tracefs; the cache covers the tables only");
    }
    System.exit(0);
  }
}
