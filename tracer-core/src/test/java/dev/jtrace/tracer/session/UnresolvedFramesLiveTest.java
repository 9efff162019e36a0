package dev.jtrace.tracer.session;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import dev.jtrace.cli.ScriptCommand;
import dev.jtrace.symbols.StacksWorkload;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * User frames no symbol names print as perf prints them. perf trace: the address in the binary
 * ({@code [0x122c] (/path/stacks)}); perf script: {@code [unknown] (/path/stacks)}; code in
 * anonymous memory that no JIT map names: {@code [unknown] (/tmp/perf-PID.map)}.
 */
class UnresolvedFramesLiveTest {
  private static Path dir;
  private static Path stripped;

  @BeforeAll
  static void setUp() throws Exception {
    TracedRun.assumeTracingWorks();
    dir = Files.createTempDirectory("unresolved-frames");
    stripped = dir.resolve("stacks-stripped");
    Files.copy(StacksWorkload.framePointers(), stripped, StandardCopyOption.REPLACE_EXISTING);
    StacksWorkload.run(List.of("strip", stripped.toString()), "strip");
  }

  /** Differential: the stripped workload's frames equal perf trace's, line for line. */
  @Test
  void strippedBinaryFramesAsPerfTracePrintsThem() throws Exception {
    TracedRun run =
        TracedRun.run(
            dir, "-e", "getppid", "--call-graph", "fp", "--", stripped.toString(), "calls", "1");
    assertWithMessage(run.messages()).that(run.status()).isEqualTo(0);
    List<String> ours = ownFrames(StacksLiveTest.stacksOf(run.lines(), "getppid(").get(0));
    assertThat(ours).hasSize(StacksWorkload.CALLERS.size());
    for (String f : ours) {
      assertThat(f).matches("\\[0x[0-9a-f]+\\] \\(" + stripped + "\\)");
    }
    List<String> perf =
        List.of(
            StacksWorkload.run(
                    List.of(
                        "perf",
                        "trace",
                        "-e",
                        "getppid",
                        "--call-graph",
                        "fp",
                        "--",
                        stripped.toString(),
                        "calls",
                        "1"),
                    "perf")
                .split("\n"));
    List<String> theirs = ownFrames(StacksLiveTest.stacksOf(perf, "getppid(").get(0));
    assertWithMessage("perf trace: %s", perf).that(ours).isEqualTo(theirs);
  }

  /**
   * Differential: a recording of the JIT workload whose map file is gone replays as perf script
   * replays it: the JIT frame is {@code [unknown] (/tmp/perf-PID.map)} (perf names anonymous code
   * by the map file), the stripped callers {@code [unknown] (binary)} at their file offsets.
   */
  @Test
  void anonymousCodeWithoutAMapAndStrippedCallersAsPerfScriptPrintsThem() throws Exception {
    Path data = dir.resolve("jit.data");
    StacksWorkload.run(
        List.of(
            "perf",
            "record",
            "-q",
            "-o",
            data.toString(),
            "--call-graph",
            "fp",
            "-e",
            "syscalls:sys_enter_getppid",
            stripped.toString(),
            "jit",
            "1"),
        "perf");
    String perf =
        StacksWorkload.run(
            List.of("perf", "script", "-i", data.toString(), "-F", "pid,ip,sym,dso"), "perf");
    String pid = perf.trim().split("\\s+")[0];
    Files.deleteIfExists(Path.of("/tmp/perf-" + pid + ".map"));
    perf =
        StacksWorkload.run(
            List.of("perf", "script", "-i", data.toString(), "-F", "ip,sym,dso"), "perf");
    List<String> theirs = new ArrayList<>();
    for (String l : perf.split("\n")) {
      if (!l.isBlank() && !l.contains("[kernel")) {
        theirs.add(l.trim());
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ScriptCommand.run(
        new String[] {"-i", data.toString()},
        new PrintStream(out, true, StandardCharsets.UTF_8),
        System.err);
    List<String> ours = new ArrayList<>();
    for (String l : out.toString(StandardCharsets.UTF_8).split("\n")) {
      if (l.startsWith("\t") && !l.contains("[kernel")) {
        ours.add(l.trim().replaceAll("\\+0x[0-9a-f]+ ", " "));
      }
    }
    assertThat(ours.get(0)).matches("[0-9a-f]+ \\[unknown\\] \\(/tmp/perf-" + pid + "\\.map\\)");
    assertThat(ours.get(1)).matches("[0-9a-f]+ \\[unknown\\] \\(" + stripped + "\\)");
    assertThat(ours).isEqualTo(theirs);
  }

  /** The frames in the workload's own binary. */
  private static List<String> ownFrames(List<String> frames) {
    return frames.stream().filter(f -> f.endsWith("(" + stripped + ")")).toList();
  }
}
