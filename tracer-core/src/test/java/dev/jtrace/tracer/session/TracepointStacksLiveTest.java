package dev.jtrace.tracer.session;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jtrace.symbols.StacksWorkload;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A tracepoint of -e carries its stack under --call-graph, kernel frames and the user's, printed
 * under its line as perf trace prints it (and in JSON as {@code "stack"}); {@code /max-stack=N/} on
 * the event cuts it. sleep's switch away while it sleeps is taken in do_nanosleep, called from
 * libc's clock_nanosleep. Before, tracepoint lines had no stack, live or replayed.
 */
class TracepointStacksLiveTest {
  private static Path dir;

  @BeforeAll
  static void setUp() throws Exception {
    TracedRun.assumeTracingWorks();
    dir = Files.createTempDirectory("tp-stacks");
  }

  /** The frames' names under the first line holding every part. */
  private static List<String> frames(List<String> lines, String... parts) {
    int at = TracedRun.indexOf(lines, parts);
    List<String> out = new ArrayList<>();
    for (int i = at + 1; i < lines.size() && lines.get(i).startsWith("      "); i++) {
      String f = lines.get(i).strip();
      out.add(f.substring(0, f.indexOf(" (")));
    }
    return out;
  }

  @Test
  void aSwitchPrintsItsStackAsPerfTraceDoes() throws Exception {
    TracedRun run =
        TracedRun.run(
            dir,
            "--call-graph",
            "fp",
            "--no-syscalls",
            "-e",
            "sched:sched_switch",
            "--",
            "sleep",
            "0.02");
    assertWithMessage(run.messages()).that(run.status()).isEqualTo(0);
    List<String> ours = frames(run.lines(), "sched:sched_switch:prev_comm=sleep", "prev_state=S");
    assertThat(ours).containsAtLeast("schedule", "do_nanosleep").inOrder();
    // libc's clock_nanosleep, by its symbol, or by its DWARF name as an inlined frame when libc's
    // debug file is here (as perf lists it in the stacks it unwinds from DWARF samples)
    int ourEnd = indexOfPrefix(ours, "clock_nanosleep");
    if (ourEnd < 0) {
      ourEnd = indexOfPrefix(ours, "__GI___clock_nanosleep");
    }
    assertThat(ourEnd).isAtLeast(0);

    List<String> perf =
        List.of(
            StacksWorkload.run(
                    List.of(
                        "perf",
                        "trace",
                        "--call-graph",
                        "fp",
                        "--no-syscalls",
                        "-e",
                        "sched:sched_switch",
                        "--",
                        "sleep",
                        "0.02"),
                    "perf")
                .split("\n"));
    List<String> theirs = frames(perf, "sched:sched_switch(prev_comm: \"sleep\"", "prev_state: 1");
    // the same kernel frames down to libc's; perf ends the copied stack with its [0] ([unknown])
    int theirEnd = indexOfPrefix(theirs, "clock_nanosleep");
    assertWithMessage("perf: %s", perf).that(theirEnd).isAtLeast(0);
    assertThat(ours.subList(0, ourEnd)).isEqualTo(theirs.subList(0, theirEnd));
  }

  private static int indexOfPrefix(List<String> frames, String prefix) {
    for (int i = 0; i < frames.size(); i++) {
      if (frames.get(i).startsWith(prefix)) return i;
    }
    return -1;
  }

  @Test
  void maxStackOnTheEventCutsItAndJsonCarriesIt() throws Exception {
    TracedRun run =
        TracedRun.run(
            dir,
            "--json",
            "--call-graph",
            "fp",
            "--no-syscalls",
            "-e",
            "sched:sched_switch/max-stack=3/",
            "--",
            "sleep",
            "0.02");
    assertWithMessage(run.messages()).that(run.status()).isEqualTo(0);
    List<JsonNode> switches =
        run.lines().stream()
            .map(TracedRun.Json::object)
            .filter(n -> n.path("event").asText().equals("sched:sched_switch"))
            .toList();
    assertThat(switches).isNotEmpty();
    for (JsonNode n : switches) {
      assertWithMessage("%s", n).that(n.get("stack").size()).isEqualTo(3);
    }
    assertThat(switches.getFirst().get("stack").get(0).get("sym").asText()).isEqualTo("__schedule");
  }
}
