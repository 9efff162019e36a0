package dev.jtrace.tracer.session;

import static com.google.common.truth.Truth.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The paths the kernel copies keep coming for the whole trace: across many short-lived children and
 * threads that end while others still run.
 */
class StringCaptureLiveTest {
  private static final int CHILDREN = 60;
  private static final int THREAD_OPENS = 50 * 200;

  @TempDir static Path dir;
  static Path threads;
  static Path target;

  @BeforeAll
  static void build() throws Exception {
    TracedRun.assumeTracingWorks();
    try (var in = StringCaptureLiveTest.class.getResourceAsStream("threads.c")) {
      threads =
          TracedRun.compile(dir, "threads", new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
    target = Files.writeString(dir.resolve("opened-by-every-task.txt"), "x\n");
  }

  @Test
  void everyChildOfAShellLoopShowsItsPath() throws Exception {
    TracedRun run =
        TracedRun.run(
            dir,
            "-e",
            "openat",
            "--",
            "bash",
            "-c",
            "for i in $(seq " + CHILDREN + "); do /bin/cat " + target + " >/dev/null; done");
    assertThat(run.status()).isEqualTo(0);
    assertThat(opensOf(run.lines())).isEqualTo(CHILDREN);
  }

  @Test
  void everyThreadShowsItsPathWhileOthersEnd() throws Exception {
    TracedRun run = TracedRun.run(dir, "-m", "128M", "--", threads.toString(), target.toString());
    assertThat(run.status()).isEqualTo(0);
    assertThat(run.messages()).doesNotContain("LOST");
    assertThat(opensOf(run.lines())).isEqualTo(THREAD_OPENS);
  }

  /** The openat lines that name the target file as a string (not as a bare pointer). */
  private static long opensOf(List<String> lines) {
    String named = "filename: \"" + target + "\"";
    return lines.stream().filter(l -> l.contains("openat(") && l.contains(named)).count();
  }
}
