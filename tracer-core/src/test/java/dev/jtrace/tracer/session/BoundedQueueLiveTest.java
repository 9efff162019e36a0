package dev.jtrace.tracer.session;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A printer that cannot keep up (issue 8, item 7): the chunks queued for it stay within their
 * bound, the records that no longer fit are the kernel's loss, and that loss is reported, so every
 * call of the workload is either printed or counted.
 */
class BoundedQueueLiveTest {
  private static final int COUNT = 100_000;
  private static final Pattern IN_FLIGHT =
      Pattern.compile("at most (\\d+) of (\\d+) chunks were in flight");
  private static final Pattern LOST = Pattern.compile("^LOST (\\d+) events!$");

  @TempDir Path dir;

  @BeforeAll
  static void tracingWorks() {
    TracedRun.assumeTracingWorks();
  }

  @Test
  void aBlockedPrinterFillsTheBoundAndTheKernelCountsTheRest() throws Exception {
    Path done = dir.resolve("done");
    Path err = dir.resolve("err");
    // The lines go to a pipe this test does not read until dd has finished: the printer blocks on
    // its first full pipe buffer, so everything dd does meanwhile meets a printer that is stuck.
    Process p =
        // The tracepoint capture, whose chunks are its rings' size: the paired capture's chunk is
        // its one BPF ring, so the bound is other numbers there
        TracerProcess.command(
                "--capture=perf",
                "-v",
                "-m",
                "1",
                "-o",
                "/dev/stdout",
                "--",
                "sh",
                "-c",
                "dd if=/dev/zero of=/dev/null bs=1 count=" + COUNT + " 2>/dev/null; : > " + done)
            .redirectError(err.toFile())
            .start();
    try {
      for (int i = 0; i < 1200 && !Files.exists(done) && p.isAlive(); i++) {
        Thread.sleep(50); // waiting for dd to end, not timing it
      }
      assertWithMessage("dd ended while the printer was blocked").that(Files.exists(done)).isTrue();
      long lines = 0;
      long lost = 0;
      try (BufferedReader r =
          new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        for (String l; (l = r.readLine()) != null; ) {
          Matcher m = LOST.matcher(l);
          if (m.matches()) {
            lost += Long.parseLong(m.group(1));
          } else {
            lines++;
          }
        }
      }
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
      String messages = Files.readString(err);
      assertWithMessage(messages).that(p.exitValue()).isEqualTo(0);
      Matcher m = IN_FLIGHT.matcher(messages);
      assertWithMessage(messages).that(m.find()).isTrue();
      int most = Integer.parseInt(m.group(1));
      int bound = Integer.parseInt(m.group(2));
      assertThat(bound).isAtMost((int) (ChunkPool.BUDGET_BYTES / 4096));
      assertWithMessage("the printer was blocked: the queue reached its bound")
          .that(most)
          .isEqualTo(bound);
      assertThat(lost).isGreaterThan(0L);
      // each of dd's reads and writes is 2 records: printed as one line, or counted as lost
      assertWithMessage("lines %s, lost %s", lines, lost)
          .that(2 * lines + lost)
          .isAtLeast(4L * COUNT);
    } finally {
      p.destroyForcibly();
    }
  }
}
