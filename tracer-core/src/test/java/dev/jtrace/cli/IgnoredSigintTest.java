package dev.jtrace.cli;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import dev.jtrace.tracer.perf.NativeCalls;
import dev.jtrace.tracer.session.TracerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A jtrace started with SIGINT ignored (a background job of a script gets it so) still stops on
 * SIGINT and prints its summary, as perf does: trace and record alike.
 */
class IgnoredSigintTest {
  private static final int SIGINT = 2;

  @TempDir Path dir;

  /** Runs jtrace args under {@code sh -c 'trap "" INT; exec …'}, SIGINTs it, returns stderr. */
  private String interruptWithSigintIgnored(String... args) throws Exception {
    CliRun.assumeTracing();
    List<String> cmd = new ArrayList<>(List.of("/bin/sh", "-c", "trap '' INT; exec \"$@\"", "sh"));
    cmd.addAll(TracerProcess.command(args).command());
    Path err = dir.resolve("err.txt");
    Process p =
        new ProcessBuilder(cmd)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(err.toFile())
            .start();
    try {
      RecordSignalTest.awaitWorkload(p, "sleep");
      Thread.sleep(300);
      NativeCalls.kill((int) p.pid(), SIGINT); // the shell exec'd jtrace: same pid
      assertWithMessage("jtrace started with SIGINT ignored did not end on SIGINT")
          .that(p.waitFor(20, TimeUnit.SECONDS))
          .isTrue();
      String messages = Files.readString(err);
      // trace and record end with their workload's status (sleep, ended by SIGTERM: 143)
      assertWithMessage(messages).that(p.exitValue()).isAnyOf(0, 143);
      return messages;
    } finally {
      p.destroyForcibly();
    }
  }

  @Test
  void traceStopsOnSigintItWasStartedIgnoring() throws Exception {
    Path out = dir.resolve("summary.txt");
    interruptWithSigintIgnored("-s", "-o", out.toString(), "--", "sleep", "30");
    assertThat(Files.readString(out)).contains("Summary of events:");
  }

  @Test
  void recordStopsOnSigintItWasStartedIgnoring() throws Exception {
    Path data = dir.resolve("perf.data");
    String messages =
        interruptWithSigintIgnored("record", "-o", data.toString(), "--", "sleep", "30");
    assertThat(messages).contains("[ jtrace record: Captured and wrote ");
  }
}
