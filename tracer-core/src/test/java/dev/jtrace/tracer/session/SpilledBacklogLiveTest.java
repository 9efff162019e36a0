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
 * A printer stuck for all of a burst that the ring and the chunks cannot hold (issue 8, item 7: 0
 * lost at the default ring size): the paired capture's backlog goes to the spill file and every
 * call is printed once the printer moves again; with --spill-limit 0 the same burst is the kernel's
 * loss, counted.
 */
class SpilledBacklogLiveTest {
  /** dd's reads and writes, 2 per byte: about 130 MB of records, twice what memory holds. */
  private static final int COUNT = 500_000;

  @TempDir Path dir;

  @BeforeAll
  static void tracingWorks() {
    TracedRun.assumeTracingWorks();
  }

  @Test
  void aBurstPastTheMemoryBudgetIsPrintedWhole() throws Exception {
    try (BlockedPrinterRun run =
        new BlockedPrinterRun(dir, List.of("--capture=bpf", "-v"), COUNT, "")) {
      run.awaitDd();
      BlockedPrinterRun.Counts out = run.read();
      assertThat(run.process.waitFor(60, TimeUnit.SECONDS)).isTrue();
      String messages = Files.readString(run.err);
      assertWithMessage(messages).that(run.process.exitValue()).isEqualTo(0);
      assertWithMessage(messages).that(messages).containsMatch("\\d+ pieces spilled to ");
      assertWithMessage(messages).that(out.lost()).isEqualTo(0L);
      assertWithMessage(messages).that(out.reads()).isEqualTo(COUNT);
      assertWithMessage(messages).that(out.writes()).isEqualTo(COUNT);
    }
  }

  @Test
  void withoutASpillFileTheKernelDropsAndCounts() throws Exception {
    try (BlockedPrinterRun run =
        new BlockedPrinterRun(
            dir, List.of("--capture=bpf", "-v", "--spill-limit", "0"), COUNT, "")) {
      run.awaitDd();
      BlockedPrinterRun.Counts out = run.read();
      assertThat(run.process.waitFor(60, TimeUnit.SECONDS)).isTrue();
      String messages = Files.readString(run.err);
      assertWithMessage(messages).that(messages).doesNotContain("pieces spilled");
      assertWithMessage(messages).that(out.lost()).isGreaterThan(0L);
      assertWithMessage("reads %s, writes %s, lost %s", out.reads(), out.writes(), out.lost())
          .that(out.reads() + out.writes() + out.lost())
          .isAtLeast(2L * COUNT);
    }
  }
}
