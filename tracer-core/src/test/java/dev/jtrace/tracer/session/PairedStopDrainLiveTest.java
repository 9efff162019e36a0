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
 * Stopped while its printer is far behind, the paired capture prints its backlog for a moment and
 * counts the rest as lost (issue 8: nothing silently lost): every call dd made is a line or part of
 * a LOST count. The paired calls the printer dropped after the stop were once not counted at all.
 */
class PairedStopDrainLiveTest {
  // more than the ring and the pools hold, and more than 0.5 s of printing once the pipe is read
  private static final int COUNT = 1_000_000;
  private static final Pattern LOST = Pattern.compile("^LOST (\\d+) (calls|events)!$");

  @TempDir Path dir;

  @BeforeAll
  static void tracingWorks() {
    TracedRun.assumeTracingWorks();
  }

  @Test
  void callsDroppedAfterTheStopAreCountedAsLost() throws Exception {
    Path done = dir.resolve("done");
    Path err = dir.resolve("err");
    // The lines go to a pipe read only after the stop: the printer blocks on its first full pipe
    // buffer, so at the stop nearly all of dd's calls are still queued or in the ring.
    Process p =
        TracerProcess.command(
                "--capture=bpf",
                "-o",
                "/dev/stdout",
                "--",
                "sh",
                "-c",
                "exec >/dev/null; dd if=/dev/zero of=/dev/null bs=1 count="
                    + COUNT
                    + " 2>/dev/null; : > "
                    + done
                    + "; sleep 60")
            .redirectError(err.toFile())
            .start();
    try {
      for (int i = 0; i < 1200 && !Files.exists(done) && p.isAlive(); i++) {
        Thread.sleep(50); // waiting for dd to end, not timing it
      }
      assertWithMessage("dd ended while the printer was blocked").that(Files.exists(done)).isTrue();
      new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
      Thread.sleep(1_000); // past the 0.5 s of printing after a stop, while the pipe is still full
      long reads = 0;
      long writes = 0;
      long lost = 0;
      try (BufferedReader r =
          new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        for (String l; (l = r.readLine()) != null; ) {
          Matcher m = LOST.matcher(l);
          if (m.matches()) {
            lost += Long.parseLong(m.group(1));
          } else if (l.contains(" read(fd: 0")) {
            reads++;
          } else if (l.contains(" write(fd: 1")) {
            writes++;
          }
        }
      }
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
      String messages = Files.readString(err);
      assertWithMessage(messages).that(lost).isGreaterThan(0L);
      assertWithMessage("reads %s, writes %s, lost %s; %s", reads, writes, lost, messages)
          .that(reads + writes + lost)
          .isAtLeast(2L * COUNT);
    } finally {
      p.destroyForcibly();
    }
  }
}
