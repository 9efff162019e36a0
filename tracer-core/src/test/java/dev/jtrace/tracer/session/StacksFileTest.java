package dev.jtrace.tracer.session;

import static com.google.common.truth.Truth.assertThat;

import dev.jtrace.cli.RecordCommand;
import dev.jtrace.cli.ScriptCommand;
import dev.jtrace.cli.TraceCommand;
import dev.jtrace.elf.ElfFile;
import dev.jtrace.symbols.StacksWorkload;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Callchains in files: {@code jtrace script} prints perf's recordings' stacks as perf script does,
 * {@code jtrace -i} prints them under the lines, and {@code jtrace record --call-graph fp} writes
 * files whose stacks perf script and perf report read (MMAP2, BUILD_ID).
 */
class StacksFileTest {
  private static Path dir;
  private static Path bin;

  @BeforeAll
  static void setUp() throws Exception {
    TracedRun.assumeTracingWorks();
    dir = Files.createTempDirectory("stacks-file");
    bin = StacksWorkload.framePointers().toRealPath();
  }

  private static Path perfRecording(String name) throws Exception {
    Path data = dir.resolve(name);
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
            "raw_syscalls:sys_exit",
            "--filter",
            "id == 110",
            bin.toString(),
            "calls",
            "2"),
        "perf");
    return data;
  }

  @Test
  void scriptPrintsPerfsCallchainsAsPerfScript() throws Exception {
    Path data = perfRecording("perf-fp.data");
    List<String> perf =
        frameLines(StacksWorkload.run(List.of("perf", "script", "-i", data.toString()), "perf"));
    List<String> ours = frameLines(jtrace("script", "-i", data.toString()));
    assertThat(perf).isNotEmpty();
    assertThat(ours).containsExactlyElementsIn(perf).inOrder();
  }

  @Test
  void replayPrintsStacksUnderTheLines() throws Exception {
    Path data = perfRecording("perf-fp-replay.data");
    Path out = dir.resolve("replay.txt");
    jtrace("-i", data.toString(), "-o", out.toString());
    List<List<String>> stacks = StacksLiveTest.stacksOf(Files.readAllLines(out), "getppid(");
    assertThat(stacks).isNotEmpty();
    List<String> user = new ArrayList<>();
    for (String f : stacks.get(0)) {
      if (!f.endsWith("([kernel.kallsyms])")) {
        user.add(f.substring(0, f.indexOf(' ')));
      }
    }
    List<String> expected = new ArrayList<>(List.of(StacksWorkload.INLINED_IN_LEAF));
    expected.addAll(StacksWorkload.CALLERS);
    assertThat(user.subList(0, 5)).containsExactlyElementsIn(expected).inOrder();
  }

  @Test
  void recordWritesStacksPerfReads() throws Exception {
    Path data = dir.resolve("jtrace-fp.data");
    jtrace(
        "record",
        "--call-graph",
        "fp",
        "-e",
        "raw_syscalls:sys_exit",
        "-o",
        data.toString(),
        "--",
        bin.toString(),
        "calls",
        "2");
    String script =
        StacksWorkload.run(
            List.of("perf", "script", "-i", data.toString(), "-F", "ip,sym,dso"), "perf");
    List<String> names = new ArrayList<>();
    for (String l : script.split("\n")) {
      if (l.contains("(" + bin + ")")) {
        names.add(l.trim().split(" ")[1]);
      }
    }
    int leaf = names.indexOf("jt_leaf");
    assertThat(leaf).isAtLeast(0);
    assertThat(names.subList(leaf, leaf + 4))
        .containsExactlyElementsIn(StacksWorkload.CALLERS)
        .inOrder();

    String buildIds =
        StacksWorkload.run(List.of("perf", "buildid-list", "-i", data.toString()), "perf");
    String id = ElfFile.open(bin).buildId();
    assertThat(buildIds).contains(id + " " + bin);

    String report =
        StacksWorkload.run(
            List.of("perf", "report", "-i", data.toString(), "--stdio", "--no-children", "-G"),
            "perf");
    assertThat(report).contains("jt_middle");

    // and our own script reads our file the same way perf does
    List<String> perf =
        frameLines(StacksWorkload.run(List.of("perf", "script", "-i", data.toString()), "perf"));
    assertThat(frameLines(jtrace("script", "-i", data.toString())))
        .containsExactlyElementsIn(perf)
        .inOrder();
  }

  /** The callchain lines of perf script output (a tab first), user frames only. */
  private static List<String> frameLines(String script) {
    List<String> out = new ArrayList<>();
    for (String l : script.split("\n")) {
      if (l.startsWith("\t") && !l.contains("[kernel.kallsyms]")) {
        out.add(l);
      }
    }
    return out;
  }

  private static String jtrace(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8);
    String[] rest = Arrays.copyOfRange(args, 1, args.length);
    int status =
        switch (args[0]) {
          case "script" -> ScriptCommand.run(rest, ps, ps);
          case "record" -> RecordCommand.run(rest, ps, ps);
          default -> TraceCommand.run(args, ps, ps);
        };
    String text = out.toString(StandardCharsets.UTF_8);
    assertThat(status).isEqualTo(0);
    assertThat(text).doesNotContain("Exception");
    return text;
  }
}
