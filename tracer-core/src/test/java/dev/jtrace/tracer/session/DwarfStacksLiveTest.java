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

  /** The stack's first frames: the inlined own_getppid, then the callers. */
  private static List<String> callers(Path bin) {
    List<String> expected = new ArrayList<>();
    expected.add(StacksWorkload.INLINED_IN_LEAF + " (inlined)");
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
      assertThat(s.size()).isAtLeast(6);
      assertThat(s.subList(0, 5)).containsExactlyElementsIn(callers(noFp)).inOrder();
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
    assertThat(s.size() >= 5 && s.subList(0, 5).equals(callers(noFp))).isFalse();
  }

  @Test
  void withFramePointersToo() throws Exception {
    TracedRun run =
        TracedRun.run(
            dir, "-e", "getppid", "--call-graph", "dwarf", "--", fp.toString(), "calls", "1");
    List<String> s = stacksOf(run.lines(), "getppid(").get(0);
    assertThat(s.subList(0, 5)).containsExactlyElementsIn(callers(fp)).inOrder();
  }

  @Test
  void debugFrameWhenTheBinaryHasNoEhFrame() throws Exception {
    Path bin = StacksWorkload.withoutUnwindTables().toRealPath();
    TracedRun run =
        TracedRun.run(
            dir, "-e", "getppid", "--call-graph", "dwarf", "--", bin.toString(), "calls", "1");
    List<String> s = stacksOf(run.lines(), "getppid(").get(0);
    assertThat(s.subList(0, 5)).containsExactlyElementsIn(callers(bin)).inOrder();
  }

  @Test
  void aSmallCopyEndsInAnUnknownFrame() throws Exception {
    TracedRun run =
        TracedRun.run(
            dir, "-e", "getppid", "--call-graph", "dwarf,32", "--", noFp.toString(), "calls", "1");
    List<String> s = stacksOf(run.lines(), "getppid(").get(0);
    assertThat(s.get(0)).isEqualTo(StacksWorkload.INLINED_IN_LEAF + " (inlined)");
    assertThat(s.get(1)).isEqualTo("jt_leaf (" + noFp + ")");
    assertThat(s.getLast()).isEqualTo("[0] ([unknown])");
    assertThat(s.size()).isLessThan(6);
  }

  @Test
  void qualifierAsksDwarfForOneEvent() throws Exception {
    TracedRun run =
        TracedRun.run(
            dir, "-e", "getppid/call-graph=dwarf,4096/,close", "--", noFp.toString(), "calls", "1");
    List<String> s = stacksOf(run.lines(), "getppid(").get(0);
    assertThat(s.subList(0, 5)).containsExactlyElementsIn(callers(noFp)).inOrder();
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
    // perf lists the inlined functions the DWARF names ("own_getppid (inlined)", libc's
    // "__libc_start_main_impl (inlined)" in place of its exported symbol), as jtrace does
    List<String> perfFrames = new ArrayList<>();
    for (String l : perf.split("\n")) {
      if (l.startsWith(" ".repeat(20))) {
        perfFrames.add(l.trim());
      }
    }
    TracedRun run =
        TracedRun.run(
            dir, "-e", "getppid", "--call-graph", "dwarf", "--", noFp.toString(), "calls", "1");
    List<String> ours = stacksOf(run.lines(), "getppid(").get(0);
    assertThat(ours).contains("__libc_start_main_impl (inlined)");
    assertThat(ours).containsExactlyElementsIn(perfFrames).inOrder();
  }
}
