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
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jtrace record} copies what each call's arguments point at in the kernel (the paired
 * capture, one {@code jtrace:paired} sample per call beside the tracepoint samples perf reads), and
 * {@code jtrace -i} joins the copies to the calls: the replay shows the buffers, structs, arrays
 * and what the kernel wrote back, as the live trace of the same workload does. Before, a replay
 * showed strings only and every other pointer bare.
 */
class RecordedContentsTest {
  @TempDir Path dir;

  @BeforeAll
  static void tracingWorks() {
    TracedRun.assumeTracingWorks();
  }

  @Test
  void replayShowsTheCopiesTheLiveTraceShows() throws Exception {
    String workload = ContentsWorkload.binary().toString();
    TracedRun live = TracedRun.run(dir, "--", workload, dir.toString());
    assertWithMessage(live.messages()).that(live.status()).isEqualTo(0);
    String liveText = String.join("\n", live.lines());

    Path data = dir.resolve("contents.data");
    TracedRun rec = TracedRun.record("-o", data.toString(), "--", workload, dir.toString());
    assertWithMessage(rec.messages()).that(rec.status()).isEqualTo(0);
    assertThat(rec.messages()).doesNotContain("no BPF capture");
    assertThat(rec.messages()).doesNotContain("were lost");
    TracedRun replay = TracedRun.run(dir, "-i", data.toString());
    assertWithMessage(replay.messages()).that(replay.status()).isEqualTo(0);
    String replayText = String.join("\n", replay.lines());
    for (String expected : ContentsWorkload.copiesShown(dir)) {
      assertWithMessage("live:\n%s", liveText).that(liveText).contains(expected);
      assertWithMessage("replay:\n%s", replayText).that(replayText).contains(expected);
    }

    // the forked child's execve: one line with its path and argv, as live (not "[continued]")
    String liveExec = childExecve(live.lines());
    assertWithMessage("live:\n%s", liveText)
        .that(liveExec)
        .contains(
            "execve(filename: \"/bin/true\", argv: [\"true\", \"first argument\", \"second\"]");
    assertWithMessage("replay:\n%s", replayText)
        .that(childExecve(replay.lines()))
        .isEqualTo(liveExec);

    // the JSON of the replay nests the copies as the live JSON does
    TracedRun json = TracedRun.run(dir, "-i", data.toString(), "--json");
    JsonNode stat = null;
    JsonNode poll = null;
    for (String line : json.lines()) {
      JsonNode e = TracedRun.Json.object(line);
      if (!e.has("syscall") || !e.get("args").isArray()) continue;
      for (JsonNode a : e.get("args")) {
        if (stat == null
            && a.get("name").textValue().equals("statbuf")
            && e.get("args").get(0).get("text").textValue().contains("known.txt")
            && a.has("content")) {
          stat = a.get("content");
        }
        if (poll == null && a.get("name").textValue().equals("ufds") && a.has("content_at_exit")) {
          poll = a.get("content_at_exit");
        }
      }
    }
    assertWithMessage(String.join("\n", json.lines())).that(stat).isNotNull();
    assertThat(stat.get("st_size").longValue()).isEqualTo(15);
    assertWithMessage(String.join("\n", json.lines())).that(poll).isNotNull();
    assertThat(poll.get(0).get("revents").toString()).isEqualTo("[\"POLLIN\"]");

    // perf still reads the file: the same calls, its own way
    String perf =
        StacksWorkload.run(List.of("perf", "trace", "-i", data.toString()), "perf trace -i");
    assertThat(perf).contains("pipe2(");
    assertThat(perf).contains("writev(");
  }

  /**
   * The line of the child's execve of /bin/true, without what changes between runs: the times, the
   * pid and envp's address.
   */
  private static String childExecve(List<String> lines) {
    String found = null;
    for (String line : lines) {
      if (line.contains("execve(") && line.contains("/bin/true")) {
        assertWithMessage(String.join("\n", lines)).that(found).isNull();
        found =
            line.replaceFirst("^.*?\\): ", "")
                .replaceFirst("/\\d+ ", "/PID ")
                .replaceFirst("envp: 0x\\p{XDigit}+", "envp: 0x?");
      }
    }
    assertWithMessage(String.join("\n", lines)).that(found).isNotNull();
    return found;
  }

  /**
   * Recording the syscalls of a few tracepoints copies theirs only, and --string-limit sets how
   * much of a buffer: a read's bytes up to its return, cut with {@code ...} as live.
   */
  @Test
  void aFewSyscallsAndTheStringLimit() throws Exception {
    Path text = dir.resolve("text");
    Files.writeString(text, "0123456789abcdefghij\n");
    Path data = dir.resolve("cat.data");
    TracedRun rec =
        TracedRun.record(
            "-o",
            data.toString(),
            "-e",
            "syscalls:sys_enter_read,syscalls:sys_exit_read",
            "--string-limit",
            "8",
            "--",
            "cat",
            text.toString());
    assertWithMessage(rec.messages()).that(rec.status()).isEqualTo(0);
    TracedRun replay = TracedRun.run(dir, "-i", data.toString());
    assertWithMessage(replay.messages()).that(replay.status()).isEqualTo(0);
    List<String> reads = new ArrayList<>();
    for (String line : replay.lines()) {
      if (line.contains(" read(")) reads.add(line);
    }
    assertWithMessage(String.join("\n", replay.lines()))
        .that(String.join("\n", reads))
        .contains("buf: \"01234567\"..., count: ");
    assertWithMessage(String.join("\n", replay.lines()))
        .that(String.join("\n", reads))
        .contains("= 21");
  }
}
