package dev.jtrace.tracer.session;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Tracepoints of -e beside the syscalls, live on both captures, in JSON, alone (--no-syscalls or a
 * list of tracepoints only), recorded and replayed: sleep's clock_nanosleep is interrupted by its
 * own sched_switch, which prints between the entry and the return, rendered by its print fmt.
 * Before, -e took syscalls only ({@code -e: unknown syscall 'sched:sched_switch'}).
 */
class MixedEventsLiveTest {
  @TempDir static Path dir;

  private static final Pattern SWITCH =
      Pattern.compile(
          " sleep/(\\d+) sched:sched_switch:prev_comm=sleep prev_pid=\\1 prev_prio=\\d+"
              + " prev_state=S ==> next_comm=.* next_pid=\\d+ next_prio=\\d+$");

  @BeforeAll
  static void setUp() {
    TracedRun.assumeTracingWorks();
  }

  @ParameterizedTest
  @ValueSource(strings = {"--capture=perf", "--capture=bpf"})
  void aSwitchPrintsInTimeOrderBetweenTheCallAndItsReturn(String capture) throws Exception {
    // Longer than the paired capture's spacing of its copies of the calls in flight (at most 1 s):
    // a call that returns before the next copy prints whole, after the switch it holds (in time
    // order by its entry, but not split around it); CI saw that once with 50 ms.
    TracedRun run =
        TracedRun.run(
            dir, capture, "-e", "clock_nanosleep,sched:sched_switch", "--", "sleep", "1.2");
    assertWithMessage(run.messages()).that(run.status()).isEqualTo(0);
    List<String> lines = run.lines();
    int entry = TracedRun.indexOf(lines, "clock_nanosleep(", "...");
    int ret = TracedRun.indexOf(lines, "[continued]: clock_nanosleep()", "= 0");
    int sleeping = -1;
    for (int i = entry + 1; i < ret && sleeping < 0; i++) {
      if (SWITCH.matcher(lines.get(i)).find()) sleeping = i;
    }
    assertWithMessage(
            "a sched_switch of sleep going to sleep between %s and %s in %s", entry, ret, lines)
        .that(sleeping)
        .isGreaterThan(entry);
  }

  /**
   * sched_process_exit is not in the list: the kernel releases a task's own perf events before that
   * tracepoint fires, so a per-task trace never sees it (perf record -a does).
   */
  @Test
  void jsonCarriesTheEventAndItsFieldsAndATracepointListTracesNoSyscalls() throws Exception {
    TracedRun run =
        TracedRun.run(
            dir, "--json", "--no-signals", "-e", "sched:sched_switch", "--", "sleep", "0.02");
    assertWithMessage(run.messages()).that(run.status()).isEqualTo(0);
    List<JsonNode> switches =
        run.lines().stream()
            .map(TracedRun.Json::object)
            .filter(n -> n.path("event").asText().equals("sched:sched_switch"))
            .filter(n -> n.get("fields").get("prev_state").asInt() == 1)
            .toList();
    assertThat(switches).isNotEmpty();
    JsonNode e = switches.getFirst();
    assertThat(e.get("fields").get("prev_comm").asText()).isEqualTo("sleep");
    assertThat(e.get("fields").get("prev_pid").asInt()).isEqualTo(e.get("tid").asInt());
    assertThat(e.get("text").asText()).contains(" prev_state=S ==> next_comm=");
    assertThat(run.lines().stream().filter(l -> l.contains("\"syscall\"")).toList()).isEmpty();
  }

  @Test
  void noSyscallsLeavesTheSyscallsOfTheListOut() throws Exception {
    TracedRun run =
        TracedRun.run(
            dir,
            "--no-syscalls",
            "-e",
            "clock_nanosleep,sched:sched_switch",
            "--",
            "sleep",
            "0.02");
    assertWithMessage(run.messages()).that(run.status()).isEqualTo(0);
    assertThat(run.lines().stream().anyMatch(l -> SWITCH.matcher(l).find())).isTrue();
    assertThat(run.lines().stream().filter(l -> l.contains("clock_nanosleep")).toList()).isEmpty();
  }

  @Test
  void anUnknownEventIsOneLineNamingIt() throws Exception {
    TracedRun run = TracedRun.run(dir, "-e", "openat,sched:no_such_event", "--", "true");
    assertThat(run.status()).isEqualTo(2);
    assertThat(run.messages()).isEqualTo("jtrace: -e: unknown event 'sched:no_such_event'\n");
  }

  @Test
  void recordedTracepointsReplayAsLines() throws Exception {
    Path file = dir.resolve("mixed.data");
    TracedRun rec =
        TracedRun.record(
            "-o", file.toString(), "-e", "raw_syscalls:*,sched:sched_sw*", "--", "sleep", "0.02");
    assertWithMessage(rec.messages()).that(rec.status()).isEqualTo(0);
    TracedRun replay = TracedRun.run(dir, "-i", file.toString());
    assertWithMessage(replay.messages()).that(replay.status()).isEqualTo(0);
    assertThat(replay.lines().stream().anyMatch(l -> SWITCH.matcher(l).find())).isTrue();
    assertThat(TracedRun.indexOf(replay.lines(), "clock_nanosleep(")).isAtLeast(0);
  }
}
