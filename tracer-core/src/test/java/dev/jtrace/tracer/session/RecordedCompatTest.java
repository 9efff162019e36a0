package dev.jtrace.tracer.session;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jtrace.beauty.Arch;
import dev.jtrace.symbols.StacksWorkload;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A static 32-bit program's calls (int 0x80, i386 numbers) recorded by {@code jtrace record} and
 * replayed by {@code jtrace -i} print as the live trace prints them. The tracepoint sample has the
 * i386 number only; before, a call without contents (getuid, 24) replayed as x86_64's number
 * (sched_yield), and one with contents whose number has none natively (mkdir, 39: x86_64's getpid)
 * was neither copied nor marked. The entry samples now carry the user registers' ABI, and the
 * capture picks compat calls by their own numbers.
 */
class RecordedCompatTest {
  @TempDir static Path dir;

  private static Path program;

  /** getpid(); mkdir(d, 0755); rmdir(d); getuid(); exit(3) through int $0x80, no libc. */
  private static final String CALLS32 =
      """
      \t.globl _start
      \t.text
      _start:
      \tmovl $20, %eax
      \tint $0x80
      \tmovl $39, %eax
      \tmovl $path, %ebx
      \tmovl $0755, %ecx
      \tint $0x80
      \tmovl $40, %eax
      \tmovl $path, %ebx
      \tint $0x80
      \tmovl $24, %eax
      \tint $0x80
      \tmovl $1, %eax
      \tmovl $3, %ebx
      \tint $0x80
      \t.data
      path:\t.asciz "PATH"
      """;

  @BeforeAll
  static void assemble() throws IOException, InterruptedException {
    TracedRun.assumeTracingWorks();
    assumeTrue(Arch.host() == Arch.X86_64, "ia32 compat calls exist on x86_64 only");
    program =
        CompatLiveTest.assembled32(
            dir, "calls32", CALLS32.replace("PATH", dir.resolve("d").toString()));
  }

  /**
   * The program's own calls (from its getpid on), without what changes between runs: times, pids,
   * the names of fds (live reads them from /proc).
   */
  private static List<String> ownCalls(List<String> lines) {
    List<String> own = new ArrayList<>();
    for (String line : lines) {
      if (own.isEmpty() && !line.contains("getpid(")) continue;
      own.add(
          line.replaceFirst("^.*?\\): \\S+/\\d+ +", "")
              .replaceAll("= \\d+ \\(", "= PID (")
              .replaceAll(" +", " "));
    }
    return own;
  }

  @Test
  void replayNamesTheI386CallsAsLive() throws Exception {
    TracedRun live = TracedRun.run(dir, "--no-signals", "--", program.toString());
    assertWithMessage(live.messages()).that(live.status()).isEqualTo(3);
    List<String> liveCalls = ownCalls(live.lines());
    String liveText = String.join("\n", live.lines());
    assertWithMessage(liveText).that(liveCalls).hasSize(5);
    assertWithMessage(liveText).that(liveCalls.get(3)).startsWith("getuid() = 0");

    Path data = dir.resolve("calls32.data");
    TracedRun rec = TracedRun.record("-o", data.toString(), "--", program.toString());
    assertWithMessage(rec.messages()).that(rec.status()).isEqualTo(3);
    assertThat(rec.messages()).doesNotContain("no BPF capture");
    TracedRun replay = TracedRun.run(dir, "--no-signals", "-i", data.toString());
    assertWithMessage(replay.messages()).that(replay.status()).isEqualTo(0);
    String replayText = String.join("\n", replay.lines());
    assertWithMessage("live:\n%s\nreplay:\n%s", liveText, replayText)
        .that(ownCalls(replay.lines()))
        .containsExactlyElementsIn(liveCalls)
        .inOrder();
    assertWithMessage(replayText)
        .that(replayText)
        .contains("mkdir(pathname: \"" + dir.resolve("d") + "\", mode: ");
    assertWithMessage(replayText).that(replayText).doesNotContain("sched_yield");

    // perf reads the file as before: its entry samples carry one user register more
    String perf =
        StacksWorkload.run(List.of("perf", "script", "-i", data.toString()), "perf script");
    assertThat(perf).contains("raw_syscalls:sys_enter: NR 24 ");
    String trace =
        StacksWorkload.run(List.of("perf", "trace", "-i", data.toString()), "perf trace -i");
    assertThat(trace).contains("sched_yield()"); // perf has no way to tell
  }
}
