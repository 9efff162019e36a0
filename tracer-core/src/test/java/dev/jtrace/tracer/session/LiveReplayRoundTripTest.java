package dev.jtrace.tracer.session;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import dev.jtrace.cli.TraceCommand;
import dev.jtrace.perfdata.Fixtures;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * perf record → {@code jtrace -i} gives the same lines as live jtrace on the same workload: per
 * thread, the same syscalls in the same order with the same comm and the same return values. What
 * differs between two runs of a program is left out: times, durations, pids and addresses (ASLR).
 * Arguments are not compared: live tracing copies path strings in the kernel, a perf.data of
 * raw_syscalls has only their pointers.
 */
class LiveReplayRoundTripTest extends WorkloadTest {
  /** {@code time (duration): comm/tid body}. */
  private static final Pattern LINE =
      Pattern.compile("^\\s*\\S+ \\(\\s*[^)]*\\): (\\S+)/(\\d+) +(.*)$");

  private static final Pattern CALL =
      Pattern.compile("^(?:\\.\\.\\. \\[continued\\]: )?([a-z_0-9]+)\\((.*)\\)\\s+= (.*)$");

  @Test
  void perfRecordReplayedGivesTheLiveLines() throws Exception {
    Path perf = Fixtures.perf();
    // the tracepoint capture, as jtrace record's files hold it (the paired one adds contents)
    TracedRun live =
        TracedRun.run(dir, "--capture=perf", "--no-signals", "--", workload.toString(), "all");
    assertWithMessage(live.messages()).that(live.status()).isEqualTo(0);

    Path data = dir.resolve("workload.data");
    Fixtures.Run rec =
        Fixtures.run(
            List.of(
                perf.toString(),
                "record",
                "-q",
                "-o",
                data.toString(),
                "-e",
                "raw_syscalls:sys_enter,raw_syscalls:sys_exit",
                "--",
                workload.toString(),
                "all"));
    assertWithMessage(rec.err()).that(rec.status()).isEqualTo(0);
    Path out = dir.resolve("replay.txt");
    ByteArrayOutputStream msg = new ByteArrayOutputStream();
    PrintStream err = new PrintStream(msg, true, StandardCharsets.UTF_8);
    int rc = TraceCommand.run(new String[] {"-i", data.toString(), "-o", out.toString()}, err, err);
    assertWithMessage(msg.toString(StandardCharsets.UTF_8)).that(rc).isEqualTo(0);
    List<String> replayed = Files.readAllLines(out);

    Map<Integer, List<String>> a = perThread(live.lines());
    Map<Integer, List<String>> b = perThread(replayed);
    // The workload and its child, each with its own calls (the dynamic loader's, then the test's).
    assertThat(a.keySet()).hasSize(2);
    assertThat(a.get(0).size()).isGreaterThan(20);
    assertThat(a.get(0)).contains("wl kill = 0");
    assertThat(a.get(1)).contains("jtchild getppid = PID (wl)");
    assertThat(b).isEqualTo(a);
  }

  /**
   * Per thread (numbered in order of first appearance), one {@code comm name = return} per
   * completed call: an interrupted call counts once, at its {@code [continued]} line.
   */
  private static Map<Integer, List<String>> perThread(List<String> lines) {
    Map<String, Integer> ordinal = new LinkedHashMap<>();
    Map<Integer, List<String>> out = new LinkedHashMap<>();
    for (String l : lines) {
      assertWithMessage(l).that(l).doesNotContain("LOST");
      Matcher m = LINE.matcher(l);
      if (!m.matches() || m.group(3).endsWith(" ...")) {
        continue;
      }
      Matcher c = CALL.matcher(m.group(3));
      assertWithMessage(l).that(c.matches()).isTrue();
      int t = ordinal.computeIfAbsent(m.group(2), k -> ordinal.size());
      out.computeIfAbsent(t, k -> new ArrayList<>())
          .add(m.group(1) + " " + c.group(1) + " = " + normalize(c.group(3)));
    }
    return out;
  }

  /** Addresses, pids and fd paths vary from run to run (or are known to one side only). */
  static String normalize(String ret) {
    return ret.replaceAll("^0x[0-9a-f]+$", "0x")
        .replaceAll("^\\d+ \\((.*)\\)$", "PID ($1)")
        .replaceAll("^(\\d+)<.*>$", "$1");
  }
}
