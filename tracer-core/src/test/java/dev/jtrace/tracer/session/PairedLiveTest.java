package dev.jtrace.tracer.session;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * jtrace on the paired BPF capture, from the command line: strings and buffers in the lines, calls
 * interrupted by other lines and calls still blocked at the end, a forced loss counted in calls,
 * and the perf fallback still tracing.
 */
class PairedLiveTest {
  @TempDir static Path dir;
  static Path file;

  @BeforeAll
  static void setUp() throws Exception {
    TracedRun.assumeTracingWorks();
    file = Files.writeString(dir.resolve("hostname"), "myhost\n");
  }

  private static List<String> matching(List<String> lines, String... parts) {
    return lines.stream()
        .filter(
            l -> {
              for (String p : parts) {
                if (!l.contains(p)) {
                  return false;
                }
              }
              return true;
            })
        .toList();
  }

  @Test
  void showsThePathAndTheBytesRead() throws Exception {
    TracedRun run = TracedRun.run(dir, "--capture=bpf", "--", "cat", file.toString());
    assertThat(run.status()).isEqualTo(0);
    assertThat(matching(run.lines(), "openat(", "filename: \"" + file + "\"", "= 3<" + file + ">"))
        .hasSize(1);
    assertThat(
            matching(run.lines(), "read(fd: 3<" + file + ">, buf: \"myhost\\n\", count: ", "= 7"))
        .hasSize(1);
    assertThat(matching(run.lines(), "exit_group(", "= ?")).hasSize(1);
  }

  @Test
  void showsTheBytesWrittenCutAtTheStringLimit() throws Exception {
    String text = "0123456789".repeat(5);
    TracedRun run =
        TracedRun.run(
            dir, "--capture=bpf", "--", "sh", "-c", "printf " + text + " >/dev/null; printf ab");
    assertThat(run.status()).isEqualTo(0);
    assertThat(matching(run.lines(), "write(", "buf: \"" + text.substring(0, 32) + "\"...", "= 50"))
        .hasSize(1);
    TracedRun cut =
        TracedRun.run(
            dir, "--capture=bpf", "--string-limit", "4", "--", "sh", "-c", "printf " + text);
    assertThat(matching(cut.lines(), "write(", "buf: \"0123\"...", "count: 50")).hasSize(1);
  }

  @Test
  void aCallInterruptedByOtherLinesContinuesLater() throws Exception {
    // the shell blocks (wait4, or rt_sigsuspend for dash) while its child's lines print
    TracedRun run = TracedRun.run(dir, "--capture=bpf", "--", "sh", "-c", "sleep 0.6; true");
    assertThat(run.status()).isEqualTo(0);
    List<String> lines = run.lines();
    Pattern interrupted = Pattern.compile(".*: sh/(\\d+) ([a-z0-9_]+)\\(.*\\.\\.\\.$");
    boolean found = false;
    for (int i = 0; i < lines.size() && !found; i++) {
      Matcher m = interrupted.matcher(lines.get(i));
      if (!m.matches()) {
        continue;
      }
      String continuation = "/" + m.group(1) + "  ... [continued]: " + m.group(2) + "()";
      for (int j = i + 1; j < lines.size(); j++) {
        if (lines.get(j).contains(continuation)) {
          // the sleep's lines come in between
          found = lines.subList(i + 1, j).stream().anyMatch(l -> l.contains("sleep/"));
          break;
        }
      }
    }
    assertWithMessage(String.join("\n", lines)).that(found).isTrue();
  }

  @Test
  void aCallStillBlockedWhenTracingStopsIsPrinted() throws Exception {
    TracedRun run = TracedRun.run(dir, "--capture=bpf", "--", "sh", "-c", "sleep 2 & sleep 0.3");
    assertThat(run.status()).isEqualTo(0);
    // the background sleep's call never returns while traced: its line ends "..." and never
    // continues
    Pattern blocked = Pattern.compile(".*: sleep/(\\d+) clock_nanosleep\\(.*\\.\\.\\.$");
    List<String> lines = run.lines();
    long neverContinued =
        lines.stream()
            .map(blocked::matcher)
            .filter(Matcher::matches)
            .filter(
                m ->
                    lines.stream()
                        .noneMatch(
                            l ->
                                l.contains(
                                    "/" + m.group(1) + "  ... [continued]: clock_nanosleep")))
            .count();
    assertWithMessage(String.join("\n", lines)).that(neverContinued).isEqualTo(1);
  }

  @Test
  void aRingTooSmallCountsTheCallsLost() throws Exception {
    TracedRun run =
        TracedRun.run(
            dir,
            "--capture=bpf",
            "-m",
            "1",
            "--",
            "dd",
            "if=/dev/zero",
            "of=/dev/null",
            "bs=1",
            "count=200000");
    assertThat(run.status()).isEqualTo(0);
    List<String> lost =
        run.lines().stream().filter(l -> l.startsWith("LOST ") && l.endsWith(" calls!")).toList();
    assertThat(lost).isNotEmpty();
  }

  @Test
  void whereBpfIsRefusedThePerfCaptureTracesAndSaysWhatIsLost() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/sbin/capsh")), "no capsh to drop CAP_BPF with");
    Path out = dir.resolve("refused.out");
    List<String> cmd = new ArrayList<>();
    // without CAP_BPF and CAP_SYS_ADMIN every bpf(2) call is refused; CAP_PERFMON keeps perf events
    cmd.addAll(List.of("/usr/sbin/capsh", "--drop=cap_bpf,cap_sys_admin", "--", "-c"));
    cmd.add("exec \"$0\" \"$@\"");
    cmd.addAll(TracerProcess.command("-o", out.toString(), "--", "cat", file.toString()).command());
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String messages = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertWithMessage(messages).that(p.exitValue()).isEqualTo(0);
    assertThat(messages)
        .containsMatch(
            "jtrace: no BPF capture \\(.*\\): tracing with perf tracepoints, so buffers and"
                + " structs are not shown");
    List<String> lines = Files.readAllLines(out);
    assertThat(matching(lines, "read(fd: 3", "= 7")).hasSize(1);
    assertThat(matching(lines, "buf: \"myhost")).isEmpty();
  }

  @Test
  void thePerfCaptureStillTracesWithStrings() throws Exception {
    TracedRun run = TracedRun.run(dir, "--capture=perf", "--", "cat", file.toString());
    assertThat(run.status()).isEqualTo(0);
    assertThat(matching(run.lines(), "openat(", "filename: \"" + file + "\"")).hasSize(1);
    // no buffers without the paired capture
    assertThat(matching(run.lines(), "buf: \"myhost")).isEmpty();
  }
}
