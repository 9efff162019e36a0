package dev.jtrace.tracer.session;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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

  @TempDir Path dir;

  @BeforeAll
  static void tracingWorks() {
    TracedRun.assumeTracingWorks();
  }

  @Test
  void aBlockedPrinterFillsTheBoundAndTheKernelCountsTheRest() throws Exception {
    // The tracepoint capture, whose chunks are its rings' size (-m 1: a page): the paired capture's
    // ring is copied in 1 MiB chunks of a pool of its own, so the bound is other numbers there
    try (BlockedPrinterRun run =
        new BlockedPrinterRun(dir, List.of("--capture=perf", "-v", "-m", "1"), COUNT, "")) {
      run.awaitDd();
      BlockedPrinterRun.Counts out = run.read();
      assertThat(run.process.waitFor(60, TimeUnit.SECONDS)).isTrue();
      String messages = Files.readString(run.err);
      assertWithMessage(messages).that(run.process.exitValue()).isEqualTo(0);
      Matcher m = IN_FLIGHT.matcher(messages);
      assertWithMessage(messages).that(m.find()).isTrue();
      int most = Integer.parseInt(m.group(1));
      int bound = Integer.parseInt(m.group(2));
      assertThat(bound).isAtMost((int) (ChunkPool.BUDGET_BYTES / 4096));
      assertWithMessage("the printer was blocked: the queue reached its bound")
          .that(most)
          .isEqualTo(bound);
      assertThat(out.lost()).isGreaterThan(0L);
      // each of dd's reads and writes is 2 records: printed as one line, or counted as lost
      assertWithMessage("lines %s, lost %s", out.lines(), out.lost())
          .that(2 * out.lines() + out.lost())
          .isAtLeast(4L * COUNT);
    }
  }
}
