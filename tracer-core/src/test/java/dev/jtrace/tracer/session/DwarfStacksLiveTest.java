package dev.jtrace.tracer.session;

import static com.google.common.truth.Truth.assertThat;
import static dev.jtrace.tracer.session.StacksLiveTest.stacksOf;

import dev.jtrace.symbols.StacksWorkload;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code --call-graph dwarf} on the live trace of the stacks workload built -O0 without frame
 * pointers (and with them): the user registers and stack copy unwound with the binaries' CFI name
 * main → jt_outer → jt_middle → jt_leaf in order, on to libc's start and _start; a small copy ends
 * in perf's {@code [0] ([unknown])}; the frames are those perf trace --call-graph dwarf prints.
 */
class DwarfStacksLiveTest {
  private static Path dir;
  private static Path noFp;
  private static Path fp;

  @BeforeAll
  static void setUp() throws Exception {
    TracedRun.assumeTracingWorks();
    dir = Files.createTempDirectory("dwarf-stacks-live");
    noFp = StacksWorkload.noFramePointers().toRealPath();
    fp = StacksWorkload.framePointers().toRealPath();
  }

  private static List<String> callers(Path bin) {
    List<String> expected = new ArrayList<>();
    for (String f : StacksWorkload.CALLERS) {
      expected.add(f + " (" + bin + ")");
    }
    return expected;
  }

  @Test
  void withoutFramePointersTheCfiNamesTheCallersInOrder() throws Exception {
    TracedRun run =
        TracedRun.run(
            dir, "-e", "getppid", "--call-graph", "dwarf", "--", noFp.toString(), "calls", "3");
    assertThat(run.status()).isEqualTo(0);
    List<List<String>> stacks = stacksOf(run.lines(), "getppid(");
    assertThat(stacks).hasSize(3);
    for (List<String> s : stacks) {
      assertThat(s.size()).isAtLeast(5);
      assertThat(s.subList(0, 4)).containsExactlyElementsIn(callers(noFp)).inOrder();
      // through libc's start (CFI of a shared library) to the binary's own _start
      assertThat(s.getLast()).isEqualTo("_start (" + noFp + ")");
      assertThat(s.stream().anyMatch(f -> f.contains("libc.so"))).isTrue();
    }
  }

  @Test
  void fpModeCannotWalkTheSameBinary() throws Exception {
    // why dwarf mode exists: without frame pointers the kernel's walk loses the callers
    TracedRun run =
        TracedRun.run(
            dir, "-e", "getppid", "--call-graph", "fp", "--", noFp.toString(), "calls", "1");
    List<String> s = stacksOf(run.lines(), "getppid(").get(0);
    assertThat(s.size() >= 4 && s.subList(0, 4).equals(callers(noFp))).isFalse();
  }

  @Test
  void withFramePointersToo() throws Exception {
    TracedRun run =
        TracedRun.run(
            dir, "-e", "getppid", "--call-graph", "dwarf", "--", fp.toString(), "calls", "1");
    List<String> s = stacksOf(run.lines(), "getppid(").get(0);
    assertThat(s.subList(0, 4)).containsExactlyElementsIn(callers(fp)).inOrder();
  }

  @Test
  void debugFrameWhenTheBinaryHasNoEhFrame() throws Exception {
    Path bin = StacksWorkload.withoutUnwindTables().toRealPath();
    TracedRun run =
        TracedRun.run(
            dir, "-e", "getppid", "--call-graph", "dwarf", "--", bin.toString(), "calls", "1");
    List<String> s = stacksOf(run.lines(), "getppid(").get(0);
    assertThat(s.subList(0, 4)).containsExactlyElementsIn(callers(bin)).inOrder();
  }

  @Test
  void aSmallCopyEndsInAnUnknownFrame() throws Exception {
    TracedRun run =
        TracedRun.run(
            dir, "-e", "getppid", "--call-graph", "dwarf,32", "--", noFp.toString(), "calls", "1");
    List<String> s = stacksOf(run.lines(), "getppid(").get(0);
    assertThat(s.getFirst()).isEqualTo("jt_leaf (" + noFp + ")");
    assertThat(s.getLast()).isEqualTo("[0] ([unknown])");
    assertThat(s.size()).isLessThan(5);
  }

  @Test
  void qualifierAsksDwarfForOneEvent() throws Exception {
    TracedRun run =
        TracedRun.run(
            dir, "-e", "getppid/call-graph=dwarf,4096/,close", "--", noFp.toString(), "calls", "1");
    List<String> s = stacksOf(run.lines(), "getppid(").get(0);
    assertThat(s.subList(0, 4)).containsExactlyElementsIn(callers(noFp)).inOrder();
    for (List<String> c : stacksOf(run.lines(), "close(")) {
      assertThat(c).isEmpty();
    }
  }

  /** Differential: perf trace --call-graph dwarf unwinds the same calls to the same functions. */
  @Test
  void sameFunctionsAsPerfTrace() throws Exception {
    String perf =
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
            "perf trace");
    // perf adds the inlined callers it finds in the DWARF line info ("own_getppid (inlined)")
    // and names libc's __libc_start_main by its inlined body: the frames of real code objects are
    // compared, those of the workload exactly and in order
    List<String> perfFrames = new ArrayList<>();
    for (String l : perf.split("\n")) {
      if (l.startsWith(" ".repeat(20)) && !l.contains("(inlined)")) {
        perfFrames.add(l.trim());
      }
    }
    TracedRun run =
        TracedRun.run(
            dir, "-e", "getppid", "--call-graph", "dwarf", "--", noFp.toString(), "calls", "1");
    List<String> ours = stacksOf(run.lines(), "getppid(").get(0);
    String workload = "(" + noFp + ")";
    assertThat(perfFrames.stream().filter(f -> f.endsWith(workload)).toList())
        .containsExactlyElementsIn(ours.stream().filter(f -> f.endsWith(workload)).toList())
        .inOrder();
    assertThat(perfFrames).contains("__libc_start_call_main (/usr/lib/x86_64-linux-gnu/libc.so.6)");
    assertThat(ours).contains("__libc_start_call_main (/usr/lib/x86_64-linux-gnu/libc.so.6)");
  }
}
