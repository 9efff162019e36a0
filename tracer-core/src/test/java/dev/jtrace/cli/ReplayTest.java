package dev.jtrace.cli;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import dev.jtrace.beauty.Arch;
import dev.jtrace.beauty.SyscallBeautifier;
import dev.jtrace.perfdata.Fixtures;
import dev.jtrace.perfdata.Fixtures.Run;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jtrace -i FILE}: perf.data through the live tracer's processor and outputs. */
class ReplayTest {
  @TempDir Path dir;

  /** {@code 0.022 ( 0.001 ms): true/4461 brk() = 0x…}: time, duration, task, name, return. */
  private static final Pattern LINE =
      Pattern.compile(
          "^\\s*(\\S+) \\(\\s*([^)]*)\\): (\\S+)\\s+(?:\\.\\.\\. \\[continued\\]:"
              + " )?([a-z_0-9]+)\\(.*\\)\\)?\\s+= (.*)$");

  private record Result(int status, List<String> lines, String err) {}

  private Result replay(String... args) throws IOException {
    Path out = dir.resolve("out-" + System.nanoTime() + ".txt");
    List<String> all = new ArrayList<>(List.of(args));
    all.add("-o");
    all.add(out.toString());
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int rc =
        TraceCommand.run(
            all.toArray(String[]::new),
            System.out,
            new PrintStream(err, true, StandardCharsets.UTF_8));
    List<String> lines = Files.exists(out) ? Files.readAllLines(out) : List.of();
    return new Result(rc, lines, err.toString(StandardCharsets.UTF_8));
  }

  private static String fixture(String name) {
    return Fixtures.ours(name).toString();
  }

  @Test
  void replaysFileAndPipeModeAlike() throws IOException {
    Result file = replay("-i", fixture("raw_syscalls-true.data"));
    assertWithMessage(file.err()).that(file.status()).isEqualTo(0);
    assertThat(file.lines()).hasSize(30);
    assertThat(file.lines().get(0)).contains("true/");
    assertThat(file.lines().get(0)).contains("... [continued]: ");
    assertThat(file.lines().get(29)).endsWith("= ?"); // exit_group does not return
    Result pipe = replay("-i", fixture("pipe-raw_syscalls-true.data"));
    assertThat(pipe.status()).isEqualTo(0);
    assertThat(pipe.lines()).hasSize(30);
  }

  @Test
  void summaryAndFailureApplyToReplay() throws IOException {
    Result s = replay("-i", fixture("raw_syscalls-true.data"), "-s");
    assertThat(s.status()).isEqualTo(0);
    assertThat(String.join("\n", s.lines())).contains("Summary of events:");
    assertThat(String.join("\n", s.lines())).contains("58 events");
    Result f = replay("-i", fixture("raw_syscalls-true.data"), "--failure");
    assertThat(f.lines()).isNotEmpty();
    for (String line : f.lines()) assertThat(line).containsMatch("= -");
  }

  @Test
  void pidFilterApplies() throws IOException {
    Result none = replay("-i", fixture("raw_syscalls-true.data"), "-p", "1");
    assertThat(none.status()).isEqualTo(0);
    assertThat(none.lines()).isEmpty();
  }

  @Test
  void crossArchReplayUsesTheFilesArch() throws IOException {
    Path f = dir.resolve("arm64.data");
    new dev.jtrace.perfdata.SyntheticTraceAccess().writeArm64(f);
    Result r = replay("-i", f.toString());
    assertWithMessage(r.err()).that(r.status()).isEqualTo(0);
    SyscallBeautifier arm64 = SyscallBeautifier.forArch(Arch.ARM64);
    assertThat(r.lines()).hasSize(4);
    assertThat(r.lines().get(0)).contains("demo/4242 " + arm64.name(56) + "(");
    assertThat(r.lines().get(1)).contains(arm64.name(172) + "()");
    assertThat(r.lines().get(2)).contains(arm64.name(57) + "(");
  }

  @Test
  void badFileEndsWithOneLine() throws IOException {
    Path bad = dir.resolve("bad.data");
    Files.writeString(bad, "not perf data at all");
    Result r = replay("-i", bad.toString());
    assertThat(r.status()).isEqualTo(1);
    assertThat(r.err().strip())
        .isEqualTo(
            "jtrace: " + bad + ": offset 0x0: not a perf.data file: the magic is not PERFILE2");
  }

  /**
   * The differential test against perf trace -i: same lines, same tasks, same durations; syscall
   * names and returns too once the beautifier knows this arch's names (with a placeholder table it
   * prints syscall_NR, which is compared by number instead).
   */
  @Test
  void agreesWithPerfTrace() throws Exception {
    Path perf = Fixtures.perf();
    for (String name : List.of("raw_syscalls-true.data", "trace-record-true.data")) {
      Run p = Fixtures.run(List.of(perf.toString(), "trace", "-i", fixture(name)));
      List<String> theirs = p.err().lines().filter(l -> !l.isBlank()).toList();
      List<String> ours = replay("-i", fixture(name)).lines();
      assertThat(ours).hasSize(theirs.size());
      SyscallBeautifier x86 = SyscallBeautifier.forArch(Arch.X86_64);
      boolean namesKnown = !x86.name(0).startsWith("syscall_");
      for (int i = 0; i < ours.size(); i++) {
        Matcher a = LINE.matcher(theirs.get(i));
        Matcher b = LINE.matcher(ours.get(i));
        assertWithMessage(theirs.get(i)).that(a.matches()).isTrue();
        assertWithMessage(ours.get(i)).that(b.matches()).isTrue();
        assertWithMessage(ours.get(i)).that(b.group(1)).isEqualTo(a.group(1)); // relative time
        assertWithMessage(ours.get(i)).that(b.group(2)).isEqualTo(a.group(2)); // duration
        assertWithMessage(ours.get(i)).that(b.group(3)).isEqualTo(a.group(3)); // comm/tid
        if (namesKnown) {
          assertWithMessage(ours.get(i)).that(b.group(4)).isEqualTo(a.group(4));
          assertWithMessage(ours.get(i)).that(b.group(5)).isEqualTo(a.group(5));
        } else {
          assertWithMessage(ours.get(i)).that(b.group(4)).startsWith("syscall_");
        }
      }
    }
  }
}
