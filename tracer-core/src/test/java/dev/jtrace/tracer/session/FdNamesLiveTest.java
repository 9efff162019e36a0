package dev.jtrace.tracer.session;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * fd names and summary entries that must not outlive what the trace saw: after lost records, after
 * fd changes outside -e, after a pid is reused (issue 8, items 3, 4 and 6).
 */
class FdNamesLiveTest {
  @TempDir static Path dir;

  /**
   * Opens /etc/hostname as fd 3, waits for the tracer to attach, reads it, puts /etc/passwd behind
   * fd 3 with dup2 and reads again.
   */
  private static final String REUSE =
      """
      #include <fcntl.h>
      #include <unistd.h>
      int main(void) {
        char c;
        int a = open("/etc/hostname", O_RDONLY);
        if (a != 3) return 1;
        usleep(1500000);
        pread(3, &c, 1, 0);
        int b = open("/etc/passwd", O_RDONLY);
        dup2(b, 3);
        pread(3, &c, 1, 1);
        return 0;
      }
      """;

  @BeforeAll
  static void tracingWorks() {
    TracedRun.assumeTracingWorks();
  }

  @Test
  void afterLostRecordsFdsAreNotNamedFromBeforeTheLoss() throws Exception {
    // A one-page ring loses records of dd's start, among them its dup2 of /dev/zero onto fd 0,
    // which jtrace's snapshot knows as /etc/hostname (dd's stdin, as the issue ran it).
    List<String> lines = TracedRun.ddOverHostname(dir.resolve("lost.out"), 50_000, "-m", "1");
    assumeTrue(
        lines.stream().anyMatch(l -> l.startsWith("LOST ")),
        "no records were lost with -m 1: nothing to check");
    // every read of fd 0 names what it read, or says the name is unknown
    List<String> wrong =
        lines.stream()
            .filter(l -> l.contains(" read(fd: 0"))
            .filter(l -> !l.contains("read(fd: 0</dev/zero>") && !l.contains("read(fd: 0<?>"))
            .toList();
    assertWithMessage("reads of /dev/zero named after the file fd 0 had before the loss")
        .that(wrong.subList(0, Math.min(5, wrong.size())))
        .isEmpty();
  }

  @Test
  void fdChangesOutsideTheSelectionAreFollowedUnderP() throws Exception {
    Path bin = TracedRun.compile(dir, "reuse", REUSE);
    Process target = new ProcessBuilder(bin.toString()).start();
    try {
      Thread.sleep(200); // it holds fd 3 when the tracer attaches
      TracedRun r = TracedRun.run(dir, "-e", "pread64", "-p", Long.toString(target.pid()));
      assertThat(r.status()).isEqualTo(0);
      List<String> preads = r.lines().stream().filter(l -> l.contains("pread64(")).toList();
      assertThat(preads).hasSize(2);
      assertThat(preads.get(0)).contains("fd: 3</etc/hostname>");
      // the dup2 is not printed, but fd 3 no longer names /etc/hostname
      assertThat(preads.get(1)).doesNotContain("hostname");
      assertThat(r.lines().stream().noneMatch(l -> l.contains("dup2("))).isTrue();
    } finally {
      target.destroyForcibly();
    }
  }

  @Test
  void aReusedPidIsItsOwnSummaryEntry() throws Exception {
    Path pids = dir.resolve("pids");
    // ns_last_pid makes the kernel hand the second child the first one's pid (root only).
    String script =
        "for try in 1 2 3 4 5; do sleep 0 & p=$!; wait $p;"
            + " echo $((p - 1)) > /proc/sys/kernel/ns_last_pid || exit 3;"
            + " sleep 0 & q=$!; wait $q;"
            + " if [ $p = $q ]; then echo $p > "
            + pids
            + "; exit 0; fi; done; exit 4";
    TracedRun r = TracedRun.run(dir, "-s", "--", "bash", "-c", script);
    assumeTrue(r.status() == 0, "the kernel did not reuse the pid: " + r.status());
    String pid = Files.readString(pids).strip();
    List<String> entries =
        r.lines().stream().filter(l -> l.startsWith(" sleep (" + pid + "), ")).toList();
    assertWithMessage("summary:\n%s", String.join("\n", r.lines())).that(entries).hasSize(2);
  }
}
