package dev.jtrace.tracer.session;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stopped while its printer is far behind, the paired capture prints its backlog for a moment and
 * counts the rest as lost (issue 8: nothing silently lost): every call dd made is a line or part of
 * a LOST count. The paired calls the printer dropped after the stop were once not counted at all.
 */
class PairedStopDrainLiveTest {
  // more than the ring and the pools hold, and more than 0.5 s of printing once the pipe is read
  private static final int COUNT = 1_000_000;

  @TempDir Path dir;

  @BeforeAll
  static void tracingWorks() {
    TracedRun.assumeTracingWorks();
  }

  @Test
  void callsDroppedAfterTheStopAreCountedAsLost() throws Exception {
    // At the stop nearly all of dd's calls are still queued or in the ring; the shell then sleeps,
    // so the stop, not the workload's end, ends the trace.
    try (BlockedPrinterRun run =
        new BlockedPrinterRun(dir, List.of("--capture=bpf"), COUNT, "; sleep 60")) {
      run.awaitDd();
      new ProcessBuilder("kill", "-INT", Long.toString(run.process.pid())).start().waitFor();
      Thread.sleep(1_000); // past the 0.5 s of printing after a stop, while the pipe is still full
      BlockedPrinterRun.Counts out = run.read();
      assertThat(run.process.waitFor(60, TimeUnit.SECONDS)).isTrue();
      String messages = Files.readString(run.err);
      assertWithMessage(messages).that(out.lost()).isGreaterThan(0L);
      assertWithMessage(
              "reads %s, writes %s, lost %s; %s", out.reads(), out.writes(), out.lost(), messages)
          .that(out.reads() + out.writes() + out.lost())
          .isAtLeast(2L * COUNT);
    }
  }
}
