package dev.jtrace.tracer.session;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * After lost records a process's fds are unknown ({@code <?>}) only until /proc is read again while
 * it lives (issue 8, item 3): never named from before the loss, and named right again after.
 */
class FdRelearnLiveTest {
  @TempDir static Path dir;

  @BeforeAll
  static void tracingWorks() {
    TracedRun.assumeTracingWorks();
  }

  @Test
  void fdNamesComeBackFromProcAfterALoss() throws Exception {
    // A one-page ring loses records all along dd's run; fd 0 is /etc/hostname when tracing starts
    // and /dev/zero once dd has opened its input onto it, and never changes again.
    Path out = dir.resolve("relearn.out");
    Process p =
        // The tracepoint capture: the paired BPF capture has no /proc scan yet (its calls after a
        // loss keep fd: 0<?> until the next open), see docs/ARCHITECTURE.md
        TracerProcess.command(
                "--capture=perf",
                "-m",
                "1",
                "-o",
                out.toString(),
                "--",
                "dd",
                "if=/dev/zero",
                "of=/dev/null",
                "bs=1",
                "count=100000")
            .redirectInput(new File("/etc/hostname"))
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isEqualTo(0);
    List<String> lines = Files.readAllLines(out);
    int firstLoss = -1;
    for (int i = 0; i < lines.size() && firstLoss < 0; i++) {
      if (lines.get(i).startsWith("LOST ")) {
        firstLoss = i;
      }
    }
    assumeTrue(firstLoss >= 0, "no records were lost with -m 1: nothing to check");
    List<String> reads = lines.stream().filter(l -> l.contains(" read(fd: 0")).toList();
    assertWithMessage("reads of fd 0 named other than /dev/zero or unknown")
        .that(
            reads.stream()
                .filter(l -> !l.contains("read(fd: 0</dev/zero>") && !l.contains("read(fd: 0<?>"))
                .limit(5)
                .toList())
        .isEmpty();
    long unknown = reads.stream().filter(l -> l.contains("read(fd: 0<?>")).count();
    long named =
        lines.subList(firstLoss, lines.size()).stream()
            .filter(l -> l.contains(" read(fd: 0</dev/zero>"))
            .count();
    assertWithMessage("reads of fd 0 after the first loss named from /proc (%s unknown)", unknown)
        .that(named)
        .isGreaterThan(0L);
  }
}
