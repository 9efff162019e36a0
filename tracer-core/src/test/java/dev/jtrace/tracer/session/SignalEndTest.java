package dev.jtrace.tracer.session;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM (and Ctrl-C's SIGINT) end a trace cleanly: the summary is printed, the workload is ended, the
 * exit status is 0. jtrace runs as its own process here, as a user runs it.
 */
class SignalEndTest {
  @TempDir Path dir;

  @Test
  void sigtermPrintsTheSummaryAndEndsTheWorkload() throws Exception {
    TracedRun.assumeTracingWorks();
    Path out = dir.resolve("summary.txt");
    String java = ProcessHandle.current().info().command().orElseThrow();
    List<String> cmd = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED", "-cp",
        System.getProperty("java.class.path"), "dev.jtrace.cli.Main", "-v", "-s", "-o", out.toString(), "--",
        "sleep", "30"));
    Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    List<String> messages = new ArrayList<>();
    CompletableFuture<Void> started = new CompletableFuture<>();
    Thread.ofPlatform().daemon().start(() -> {
      try (BufferedReader r =
          new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
        for (String l; (l = r.readLine()) != null; ) {
          synchronized (messages) {
            messages.add(l);
          }
          if (l.contains("fd tables of")) {
            started.complete(null);
          }
        }
      } catch (java.io.IOException e) {
        started.completeExceptionally(e);
      }
    });
    try {
      started.get(20, TimeUnit.SECONDS);
      Thread.sleep(200);
      long sleepPid = p.children().findFirst().map(ProcessHandle::pid).orElse(-1L);
      p.destroy(); // SIGTERM
      assertWithMessage("jtrace did not end on SIGTERM").that(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
      synchronized (messages) {
        assertWithMessage(String.join("\n", messages)).that(p.exitValue()).isAnyOf(0, 143);
      }
      String summary = Files.readString(out);
      assertThat(summary).contains("Summary of events:");
      assertThat(summary).contains("sleep (");
      if (sleepPid > 0) {
        assertWithMessage("the workload outlived jtrace").that(ProcessHandle.of(sleepPid).map(ProcessHandle::isAlive).orElse(false))
            .isFalse();
      }
    } finally {
      p.destroyForcibly();
    }
  }
}
