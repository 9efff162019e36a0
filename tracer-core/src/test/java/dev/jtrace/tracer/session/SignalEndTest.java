package dev.jtrace.tracer.session;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM (and Ctrl-C's SIGINT) end a trace cleanly: the summary is printed, the workload is ended,
 * the exit status is 0. jtrace runs as its own process here, as a user runs it.
 */
class SignalEndTest {
  @TempDir Path dir;

  @Test
  void sigtermPrintsTheSummaryAndEndsTheWorkload() throws Exception {
    TracedRun.assumeTracingWorks();
    Path out = dir.resolve("summary.txt");
    try (TracerProcess jtrace =
        TracerProcess.start("-v", "-s", "-o", out.toString(), "--", "sleep", "30")) {
      Process p = jtrace.process();
      jtrace.awaitTracing();
      Thread.sleep(200);
      long sleepPid = p.children().findFirst().map(ProcessHandle::pid).orElse(-1L);
      p.destroy(); // SIGTERM
      assertWithMessage("jtrace did not end on SIGTERM")
          .that(p.waitFor(20, TimeUnit.SECONDS))
          .isTrue();
      assertWithMessage(jtrace.messages()).that(p.exitValue()).isAnyOf(0, 143);
      String summary = Files.readString(out);
      assertThat(summary).contains("Summary of events:");
      assertThat(summary).contains("sleep (");
      if (sleepPid > 0) {
        assertWithMessage("the workload outlived jtrace")
            .that(ProcessHandle.of(sleepPid).map(ProcessHandle::isAlive).orElse(false))
            .isFalse();
      }
    }
  }
}
