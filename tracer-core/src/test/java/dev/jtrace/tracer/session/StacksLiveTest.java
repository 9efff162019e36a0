package dev.jtrace.tracer.session;

import static com.google.common.truth.Truth.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jtrace.symbols.StacksWorkload;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code --call-graph fp} on the live trace of the stacks workload (built -O0 with frame pointers):
 * the stack under each getppid line names the workload's functions in order, as perf trace prints
 * them, and as perf script does on a recording of the same calls.
 */
class StacksLiveTest {
  private static Path dir;
  private static Path bin;

  @BeforeAll
  static void setUp() throws Exception {
    TracedRun.assumeTracingWorks();
    dir = Files.createTempDirectory("stacks-live");
    bin = StacksWorkload.framePointers().toRealPath();
  }

  @Test
  void stacksNameTheCallersInOrder() throws Exception {
    TracedRun run =
        TracedRun.run(
            dir, "-e", "getppid", "--call-graph", "fp", "--", bin.toString(), "calls", "2");
    assertThat(run.status()).isEqualTo(0);
    List<List<String>> stacks = stacksOf(run.lines(), "getppid(");
    assertThat(stacks).hasSize(2);
    for (List<String> s : stacks) {
      List<String> expected = new ArrayList<>();
      expected.add(StacksWorkload.INLINED_IN_LEAF + " (inlined)");
      for (String f : StacksWorkload.CALLERS) {
        expected.add(f + " (" + bin + ")");
      }
      assertThat(s.subList(0, 5)).containsExactlyElementsIn(expected).inOrder();
    }
    // the frame lines are perf trace's: 39 spaces, then the frame
    String frame =
        run.lines()
            .get(
                run.lines()
                        .indexOf(
                            run.lines().stream()
                                .filter(l -> l.contains("getppid("))
                                .findFirst()
                                .get())
                    + 1);
    assertThat(frame).startsWith(" ".repeat(39) + StacksWorkload.INLINED_IN_LEAF + " (inlined)");
  }

  @Test
  void maxStackMinStackAndQualifiers() throws Exception {
    TracedRun two =
        TracedRun.run(dir, "-e", "getppid", "--max-stack", "2", "--", bin.toString(), "calls", "1");
    List<List<String>> stacks = stacksOf(two.lines(), "getppid(");
    assertThat(stacks).hasSize(1);
    // the inlined function's line does not count: --max-stack counts the stack's addresses
    assertThat(stacks.get(0))
        .containsExactly(
            StacksWorkload.INLINED_IN_LEAF + " (inlined)",
            "jt_leaf (" + bin + ")",
            "jt_middle (" + bin + ")")
        .inOrder();

    TracedRun deep =
        TracedRun.run(
            dir,
            "-e",
            "getppid",
            "--call-graph",
            "fp",
            "--min-stack",
            "50",
            "--",
            bin.toString(),
            "calls",
            "1");
    assertThat(deep.lines().stream().filter(l -> l.contains("getppid(")).toList()).isEmpty();

    // a qualifier asks for this event's stack only: close prints none
    TracedRun q =
        TracedRun.run(dir, "-e", "getppid/max-stack=3/,close", "--", bin.toString(), "calls", "1");
    assertThat(stacksOf(q.lines(), "getppid(").get(0)).hasSize(4);
    for (List<String> s : stacksOf(q.lines(), "close(")) {
      assertThat(s).isEmpty();
    }
  }

  @Test
  void jsonStacksAreArraysOfFrames() throws Exception {
    TracedRun run =
        TracedRun.run(
            dir,
            "--json",
            "-e",
            "getppid",
            "--call-graph",
            "fp",
            "--",
            bin.toString(),
            "calls",
            "1");
    JsonNode e = TracedRun.Json.object(run.lines().get(0));
    JsonNode stack = e.get("stack");
    assertThat(stack.isArray()).isTrue();
    for (int i = 0; i < StacksWorkload.CALLERS.size(); i++) {
      JsonNode f = stack.get(i);
      assertThat(f.get("sym").asText()).isEqualTo(StacksWorkload.CALLERS.get(i));
      assertThat(f.get("dso").asText()).isEqualTo(bin.toString());
      assertThat(f.get("addr").asText()).startsWith("0x");
      assertThat(f.get("off").asLong()).isGreaterThan(0L);
    }
  }

  @Test
  void jitFramesFromThePerfMapTheProcessWrote() throws Exception {
    TracedRun run =
        TracedRun.run(dir, "-e", "getppid", "--call-graph", "fp", "--", bin.toString(), "jit", "1");
    List<List<String>> stacks = stacksOf(run.lines(), "getppid(");
    assertThat(stacks).hasSize(1);
    List<String> s = stacks.get(0);
    assertThat(s.get(0)).matches("JitCode::getppid \\(/tmp/perf-\\d+\\.map\\)");
    assertThat(s.get(1)).isEqualTo("jt_middle (" + bin + ")");
    String pid = s.get(0).replaceAll(".*perf-(\\d+)\\.map.*", "$1");
    Files.deleteIfExists(Path.of("/tmp/perf-" + pid + ".map"));
  }

  @Test
  void kernelFramesWithKernelSyscallGraph() throws Exception {
    TracedRun run =
        TracedRun.run(
            dir,
            "-e",
            "getppid",
            "--call-graph",
            "fp",
            "--kernel-syscall-graph",
            "--",
            bin.toString(),
            "calls",
            "1");
    List<String> s = stacksOf(run.lines(), "getppid(").get(0);
    int leaf = s.indexOf(StacksWorkload.INLINED_IN_LEAF + " (inlined)");
    assertThat(leaf).isGreaterThan(0);
    for (String k : s.subList(0, leaf)) {
      assertThat(k).endsWith("([kernel.kallsyms])");
    }
    assertThat(s.subList(0, leaf)).contains("do_syscall_64 ([kernel.kallsyms])");
  }

  /** Differential: perf script's symbols for a perf record of the same calls, frame for frame. */
  @Test
  void sameSymbolsAsPerfScript() throws Exception {
    Path data = dir.resolve("perf.data");
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
            "1"),
        "perf");
    String script =
        StacksWorkload.run(
            List.of("perf", "script", "-i", data.toString(), "-F", "ip,sym,dso"), "perf");
    List<String> perfFrames = new ArrayList<>();
    for (String l : script.split("\n")) {
      String t = l.trim();
      if (t.isEmpty() || t.contains("[kernel.kallsyms]")) {
        continue;
      }
      perfFrames.add(
          t.substring(t.indexOf(' ') + 1)); // "122c jt_leaf (/path)" -> "jt_leaf (/path)"
    }
    TracedRun run =
        TracedRun.run(
            dir, "-e", "getppid", "--call-graph", "fp", "--", bin.toString(), "calls", "1");
    // perf 6.1 lists inlined functions only in the stacks it unwinds from a DWARF sample
    assertThat(
            stacksOf(run.lines(), "getppid(").get(0).stream()
                .filter(f -> !f.endsWith(" (inlined)"))
                .toList())
        .containsExactlyElementsIn(perfFrames)
        .inOrder();
  }

  /** The frames under each line containing {@code marker}, trimmed. */
  static List<List<String>> stacksOf(List<String> lines, String marker) {
    List<List<String>> out = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      if (!lines.get(i).contains(marker)) {
        continue;
      }
      List<String> frames = new ArrayList<>();
      for (int j = i + 1; j < lines.size() && lines.get(j).startsWith(" ".repeat(39)); j++) {
        frames.add(lines.get(j).trim());
      }
      out.add(frames);
    }
    return out;
  }
}
