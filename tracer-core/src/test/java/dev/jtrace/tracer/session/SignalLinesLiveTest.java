package dev.jtrace.tracer.session;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * strace's signal and exit lines on a C workload that sends itself a handled SIGUSR1 and then exits
 * with 3 or dies of SIGTERM, and on a shell whose child exits with 5: {@code --- SIGUSR1
 * {si_signo=SIGUSR1, si_code=SI_USER, si_pid=PID…} ---} after the kill, {@code +++ exited with 3
 * +++} / {@code +++ killed by SIGTERM +++} last, in JSON too, none with --no-signals. Before, a
 * signal and a process's end left no line.
 */
class SignalLinesLiveTest {
  @TempDir static Path dir;
  static Path workload;

  private static final Pattern USR1 =
      Pattern.compile(
          " signals/(\\d+) --- SIGUSR1 \\{si_signo=SIGUSR1, si_code=SI_USER, si_pid=(\\d+)(,"
              + " si_uid=0)?\\} ---$");

  @BeforeAll
  static void setUp() throws Exception {
    TracedRun.assumeTracingWorks();
    try (var in = SignalLinesLiveTest.class.getResourceAsStream("signals.c")) {
      workload =
          TracedRun.compile(dir, "signals", new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  @Test
  void aHandledSignalThenTheExitStatus() throws Exception {
    TracedRun run = TracedRun.run(dir, "-e", "kill,exit_group", "--", workload.toString());
    assertWithMessage(run.messages()).that(run.status()).isEqualTo(3);
    List<String> lines = run.lines();
    int kill = TracedRun.indexOf(lines, "kill(pid: ", "sig: USR1)");
    Matcher m = null;
    int signal = -1;
    for (int i = kill + 1; i < lines.size() && signal < 0; i++) {
      m = USR1.matcher(lines.get(i));
      if (m.find()) signal = i;
    }
    assertWithMessage("a --- SIGUSR1 line after the kill in %s", lines)
        .that(signal)
        .isGreaterThan(kill);
    assertThat(m.group(2)).isEqualTo(m.group(1)); // sent by itself
    int exit = TracedRun.indexOf(lines, "exit_group(error_code: 3)", "= ?");
    assertThat(exit).isGreaterThan(signal);
    assertThat(lines.getLast()).endsWith(" signals/" + m.group(1) + " +++ exited with 3 +++");
  }

  @Test
  void aSignalThatKills() throws Exception {
    TracedRun run = TracedRun.run(dir, "-e", "kill", "--", workload.toString(), "die");
    assertWithMessage(run.messages()).that(run.status()).isEqualTo(128 + 15);
    assertThat(run.lines().stream().anyMatch(l -> USR1.matcher(l).find())).isTrue();
    assertThat(run.lines().getLast()).endsWith(" +++ killed by SIGTERM +++");
    assertThat(run.lines().stream().filter(l -> l.contains("--- SIGKILL")).toList()).isEmpty();
  }

  @Test
  void aChildsExitStatusComesFromItsExitCall() throws Exception {
    TracedRun run = TracedRun.run(dir, "-e", "clone,wait4", "--", "sh", "-c", "(exit 5); exit 0");
    assertWithMessage(run.messages()).that(run.status()).isEqualTo(0);
    List<String> ends = run.lines().stream().filter(l -> l.contains(" +++ ")).toList();
    assertThat(ends).hasSize(2);
    assertThat(ends.get(0)).endsWith(" +++ exited with 5 +++");
    assertThat(ends.get(1)).endsWith(" +++ exited with 0 +++");
    // the child's SIGCHLD to the shell
    assertThat(
            run.lines().stream()
                .anyMatch(l -> l.contains("--- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED")))
        .isTrue();
  }

  @Test
  void aRecordingWithTheSignalTracepointsReplaysTheLines() throws Exception {
    Path file = dir.resolve("signals.data");
    TracedRun rec =
        TracedRun.record(
            "-o", file.toString(), "-e", "raw_syscalls:*,signal:*", "--", workload.toString());
    assertWithMessage(rec.messages()).that(rec.status()).isEqualTo(3);
    TracedRun replay = TracedRun.run(dir, "-i", file.toString());
    assertWithMessage(replay.messages()).that(replay.status()).isEqualTo(0);
    assertThat(replay.lines().stream().anyMatch(l -> USR1.matcher(l).find())).isTrue();
    assertThat(replay.lines().getLast()).endsWith(" +++ exited with 3 +++");
    // -e of a tracepoint alone: its lines, no calls
    TracedRun only = TracedRun.run(dir, "-i", file.toString(), "-e", "signal:signal_generate");
    assertThat(only.lines()).isNotEmpty();
    assertThat(only.lines().stream().filter(l -> l.contains("kill(")).toList()).isEmpty();
    assertThat(only.lines().stream().anyMatch(l -> l.contains(" signal:signal_generate:sig=10 ")))
        .isTrue();
  }

  @Test
  void jsonHasThemAndNoSignalsLeavesThemOut() throws Exception {
    TracedRun run = TracedRun.run(dir, "--json", "-e", "kill", "--", workload.toString());
    assertWithMessage(run.messages()).that(run.status()).isEqualTo(3);
    List<JsonNode> nodes = run.lines().stream().map(TracedRun.Json::object).toList();
    JsonNode signal = nodes.stream().filter(n -> n.has("signal")).findFirst().orElseThrow();
    assertThat(signal.get("signal").get("si_signo").asText()).isEqualTo("SIGUSR1");
    assertThat(signal.get("signal").get("si_code").asText()).isEqualTo("SI_USER");
    assertThat(signal.get("signal").get("si_pid").asInt()).isEqualTo(signal.get("pid").asInt());
    JsonNode end = nodes.getLast();
    assertThat(end.get("exit").get("code").asInt()).isEqualTo(3);
    assertThat(end.get("exit").get("killed_by").isNull()).isTrue();
    assertThat(end.get("text").asText()).isEqualTo("+++ exited with 3 +++");

    TracedRun quiet = TracedRun.run(dir, "--no-signals", "-e", "kill", "--", workload.toString());
    assertThat(quiet.lines().stream().filter(l -> l.contains("---") || l.contains("+++")).toList())
        .isEmpty();
    assertThat(quiet.lines().stream().anyMatch(l -> l.contains("kill(pid: "))).isTrue();
  }
}
