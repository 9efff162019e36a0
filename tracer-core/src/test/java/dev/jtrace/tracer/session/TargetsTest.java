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
 * perf trace's habits with targets: no target and no command trace the whole system until Ctrl-C; a
 * target next to a command is traced while the command runs (the talk's {@code trace -u named ...
 * sleep 2}).
 */
class TargetsTest {
  /** Calls getppid every 10 ms, argv[1] times: a process with calls of its own to see. */
  private static final String CALLER =
      """
      #include <stdlib.h>
      #include <unistd.h>
      int main(int argc, char **argv) {
        int n = argc > 1 ? atoi(argv[1]) : 10;
        for (int i = 0; i < n; i++) {
          getppid();
          usleep(10000);
        }
        return 0;
      }
      """;

  @TempDir static Path dir;
  static Path caller;

  @BeforeAll
  static void build() throws Exception {
    TracedRun.assumeTracingWorks();
    caller = TracedRun.compile(dir, "caller", CALLER);
  }

  private static List<String> callsOf(List<String> lines, long pid) {
    return lines.stream().filter(l -> l.contains(" caller/" + pid + " getppid(")).toList();
  }

  @Test
  void noTargetAndNoCommandTracesTheSystemUntilInterrupted() throws Exception {
    Path out = dir.resolve("system.txt");
    try (TracerProcess jtrace = TracerProcess.start("-v", "-e", "getppid", "-o", out.toString())) {
      jtrace.awaitTracing();
      Thread.sleep(300); // the events are enabled right after the snapshot
      Process c = new ProcessBuilder(caller.toString(), "20").start();
      assertThat(c.waitFor(20, TimeUnit.SECONDS)).isTrue();
      Thread.sleep(300);
      Process p = jtrace.process();
      assertWithMessage("jtrace stopped on its own").that(p.isAlive()).isTrue();
      new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
      assertWithMessage("jtrace did not end on SIGINT")
          .that(p.waitFor(20, TimeUnit.SECONDS))
          .isTrue();
      assertWithMessage(jtrace.messages()).that(p.exitValue()).isAnyOf(0, 130);
      assertThat(callsOf(Files.readAllLines(out), c.pid())).hasSize(20);
    }
  }

  @Test
  void aPidNextToACommandIsTracedWhileTheCommandRuns() throws Exception {
    Process target = new ProcessBuilder(caller.toString(), "1000").start();
    try {
      Thread.sleep(100);
      long t0 = System.nanoTime();
      TracedRun r = TracedRun.run(dir, "-p", Long.toString(target.pid()), "--", "sleep", "1");
      double seconds = (System.nanoTime() - t0) / 1e9;
      assertWithMessage(r.messages()).that(r.status()).isEqualTo(0);
      assertThat(callsOf(r.lines(), target.pid())).isNotEmpty();
      // the command only times the run, as in perf trace: its own calls are not traced
      assertThat(r.lines().stream().filter(l -> l.contains(" sleep/")).toList()).isEmpty();
      assertWithMessage("the trace ended with the command, not with the target")
          .that(target.isAlive())
          .isTrue();
      assertThat(seconds).isLessThan(6.0);
    } finally {
      target.destroyForcibly();
    }
  }
}
