package dev.jtrace.tracer.session;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import dev.jtrace.cli.ScriptCommand;
import dev.jtrace.dwarf.InlineWorkload;
import dev.jtrace.symbols.StacksWorkload;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Stacks of the -O2 inlining workload (always-inline functions in il_leaf) name the inlined
 * functions before the frame holding them, innermost first ({@code il_inner (inlined)}, {@code
 * il_outer (inlined)}, {@code il_leaf (binary)}), in fp and dwarf modes, with and without frame
 * pointers; the dwarf stacks are perf trace's and perf script's, line for line.
 */
class InlinedFramesLiveTest {
  private static Path dir;
  private static Path fp;
  private static Path noFp;

  @BeforeAll
  static void setUp() throws Exception {
    TracedRun.assumeTracingWorks();
    dir = Files.createTempDirectory("inlined-frames");
    fp = InlineWorkload.framePointers().toRealPath();
    noFp = InlineWorkload.noFramePointers().toRealPath();
  }

  private static List<String> expected(Path bin) {
    List<String> e = new ArrayList<>();
    for (String f : InlineWorkload.INLINED) {
      e.add(f + " (inlined)");
    }
    for (String f : InlineWorkload.CALLERS) {
      e.add(f + " (" + bin + ")");
    }
    return e;
  }

  private static List<String> stack(Path bin, String mode) throws Exception {
    TracedRun run =
        TracedRun.run(
            dir, "-e", "getppid", "--call-graph", mode, "--", bin.toString(), "calls", "2");
    assertWithMessage(run.messages()).that(run.status()).isEqualTo(0);
    List<List<String>> stacks = StacksLiveTest.stacksOf(run.lines(), "getppid(");
    assertThat(stacks).hasSize(2);
    assertThat(stacks.get(1)).isEqualTo(stacks.get(0));
    return stacks.get(0);
  }

  @Test
  void framePointersInFpMode() throws Exception {
    List<String> s = stack(fp, "fp");
    assertThat(s.subList(0, 5)).containsExactlyElementsIn(expected(fp)).inOrder();
  }

  @Test
  void dwarfModeWithAndWithoutFramePointers() throws Exception {
    for (Path bin : List.of(fp, noFp)) {
      List<String> s = stack(bin, "dwarf");
      assertThat(s.subList(0, 5)).containsExactlyElementsIn(expected(bin)).inOrder();
      // past -O2 main (its CFI restores state after a mid-function epilogue) to _start
      assertThat(s.getLast()).isEqualTo("_start (" + bin + ")");
    }
  }

  /** Differential: perf trace --call-graph dwarf prints the same stack, inlined lines included. */
  @Test
  void dwarfStackAsPerfTrace() throws Exception {
    List<String> perf =
        List.of(
            StacksWorkload.run(
                    List.of(
                        "perf",
                        "trace",
                        "-e",
                        "getppid",
                        "--call-graph",
                        "dwarf",
                        "--",
                        noFp.toString(),
                        "calls",
                        "1"),
                    "perf")
                .split("\n"));
    List<String> theirs = StacksLiveTest.stacksOf(perf, "getppid(").get(0);
    assertWithMessage("perf trace: %s", perf).that(theirs).contains("il_inner (inlined)");
    assertThat(stack(noFp, "dwarf")).isEqualTo(theirs);
  }

  /**
   * Differential: perf record --call-graph dwarf of the workload, replayed by jtrace script, shows
   * perf script's frames: addresses, names, the inlined ones, binaries.
   */
  @Test
  void scriptOfPerfsDwarfRecordingAsPerfScript() throws Exception {
    Path data = dir.resolve("inline.data");
    StacksWorkload.run(
        List.of(
            "perf",
            "record",
            "-q",
            "-o",
            data.toString(),
            "--call-graph",
            "dwarf",
            "-e",
            "syscalls:sys_enter_getppid",
            noFp.toString(),
            "calls",
            "1"),
        "perf");
    List<String> theirs = new ArrayList<>();
    for (String l :
        StacksWorkload.run(List.of("perf", "script", "-i", data.toString()), "perf").split("\n")) {
      if (l.startsWith("\t") && !l.contains("[kernel")) {
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
        ours.add(l.trim());
      }
    }
    assertThat(ours.get(0)).matches("[0-9a-f]+ il_inner\\+0x[0-9a-f]+ \\(inlined\\)");
    assertThat(ours).isEqualTo(theirs);
  }

  /**
   * The talk's example: sleep's clock_nanosleep with --call-graph dwarf, as perf trace prints it
   * (with libc's debug file here, {@code __GI___clock_nanosleep (inlined)} and the other inlined
   * functions of libc; sleep's own frames, stripped, as addresses).
   */
  @Test
  void sleepsNanosleepAsPerfTrace() throws Exception {
    List<String> perf =
        List.of(
            StacksWorkload.run(
                    List.of(
                        "perf",
                        "trace",
                        "-e",
                        "clock_nanosleep",
                        "--call-graph",
                        "dwarf",
                        "--",
                        "sleep",
                        "0.01"),
                    "perf")
                .split("\n"));
    TracedRun run =
        TracedRun.run(dir, "-e", "clock_nanosleep", "--call-graph", "dwarf", "--", "sleep", "0.01");
    assertWithMessage(run.messages()).that(run.status()).isEqualTo(0);
    List<String> ours = StacksLiveTest.stacksOf(run.lines(), "clock_nanosleep(").get(0);
    assertThat(ours).isNotEmpty();
    assertThat(ours).isEqualTo(StacksLiveTest.stacksOf(perf, "clock_nanosleep(").get(0));
  }
}
