package dev.jtrace.perfdata.script;

import static com.google.common.truth.Truth.assertThat;

import dev.jtrace.cli.RecordCommand;
import dev.jtrace.cli.ScriptCommand;
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
 * Differential: a {@code perf record --call-graph dwarf} of the stacks workload (built without
 * frame pointers) replayed by {@code jtrace script}, which unwinds perf's registers and stack
 * copies with the CFI, gives the frames {@code perf script} gives: the same addresses and
 * functions, in order, and the functions the DWARF says are inlined there ({@code own_getppid
 * (inlined)}; {@code __libc_start_main_impl (inlined)} in place of libc's exported {@code
 * __libc_start_main}), as perf lists them.
 */
class DwarfScriptDifferentialTest {
  private static Path dir;
  private static Path bin;

  @BeforeAll
  static void setUp() throws Exception {
    // StacksWorkload.run skips the test when perf record cannot trace here
    dir = Files.createTempDirectory("dwarf-script");
    bin = StacksWorkload.noFramePointers().toRealPath();
  }

  @Test
  void scriptUnwindsPerfsDwarfRecordingAsPerfScriptDoes() throws Exception {
    Path data = dir.resolve("perf.data");
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
            bin.toString(),
            "calls",
            "2"),
        "perf");
    List<String> theirs = perfScriptFrames(data);
    List<String> ours = jtraceScriptFrames(data);
    assertThat(ours.stream().filter(f -> f.contains(" jt_leaf ")).count()).isEqualTo(2);
    assertThat(ours.stream().filter(f -> f.endsWith(" own_getppid (inlined)")).count())
        .isEqualTo(2);
    assertThat(ours).containsExactlyElementsIn(theirs).inOrder();
  }

  /**
   * jtrace record --call-graph dwarf writes the user registers and stack copy (with the kernel's
   * callchain and the MMAP2 records); jtrace script unwinds them to the workload's callers in
   * order.
   */
  @Test
  void recordDwarfThenScriptUnwinds() throws Exception {
    Path data = dir.resolve("jtrace-dwarf.data");
    int rc =
        RecordCommand.run(
            new String[] {
              "-o",
              data.toString(),
              "--call-graph",
              "dwarf",
              "-e",
              "syscalls:sys_enter_getppid",
              "--",
              bin.toString(),
              "calls",
              "1"
            },
            System.out,
            System.err);
    assertThat(rc).isEqualTo(0);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ScriptCommand.run(
        new String[] {"-i", data.toString()},
        new PrintStream(out, true, StandardCharsets.UTF_8),
        System.err);
    List<String> names = new ArrayList<>();
    for (String l : out.toString(StandardCharsets.UTF_8).split("\n")) {
      if (l.startsWith("\t") && l.endsWith("(" + bin + ")")) {
        names.add(l.trim().split(" ")[1].replaceAll("\\+0x.*", ""));
      }
    }
    List<String> expected = new ArrayList<>(StacksWorkload.CALLERS);
    expected.add("_start");
    assertThat(names).containsExactlyElementsIn(expected).inOrder();
  }

  /**
   * Differential: perf script unwinds jtrace record --call-graph dwarf's file to the same frames as
   * jtrace script (addresses, functions, binaries, in order). perf's unwinder (libunwind) reads a
   * binary's .eh_frame_hdr through the mapping that holds it, a read-only one: without those
   * mappings (mmap_data, and the read-only lines of /proc/PID/maps) perf showed only the first
   * frame.
   */
  @Test
  void perfScriptUnwindsJtracesDwarfRecordingAsJtraceScriptDoes() throws Exception {
    Path data = dir.resolve("jtrace-dwarf-for-perf.data");
    int rc =
        RecordCommand.run(
            new String[] {
              "-o",
              data.toString(),
              "--call-graph",
              "dwarf",
              "-e",
              "syscalls:sys_enter_getppid",
              "--",
              bin.toString(),
              "calls",
              "2"
            },
            System.out,
            System.err);
    assertThat(rc).isEqualTo(0);
    List<String> ours = jtraceScriptFrames(data);
    List<String> theirs = perfScriptFrames(data);
    for (String f : StacksWorkload.CALLERS) {
      assertThat(ours.stream().filter(l -> l.contains(" " + f + " (")).count()).isEqualTo(2);
    }
    assertThat(theirs).containsExactlyElementsIn(ours).inOrder();
  }

  /**
   * perf script's user frames ({@code ip sym (dso)}), without the inlined callers it reads from the
   * DWARF (jtrace does not) and kernel frames.
   */
  private static List<String> perfScriptFrames(Path data) throws Exception {
    String perf =
        StacksWorkload.run(
            List.of("perf", "script", "-i", data.toString(), "-F", "ip,sym,dso"), "perf");
    List<String> frames = new ArrayList<>();
    for (String l : perf.split("\n")) {
      String t = l.trim();
      if (!t.isEmpty() && !t.contains("[kernel")) {
        frames.add(t);
      }
    }
    return frames;
  }

  /**
   * jtrace script's user frames in perf script -F ip,sym,dso's form (no offsets), without kernel
   * frames.
   */
  private static List<String> jtraceScriptFrames(Path data) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ScriptCommand.run(
        new String[] {"-i", data.toString()},
        new PrintStream(out, true, StandardCharsets.UTF_8),
        System.err);
    List<String> frames = new ArrayList<>();
    for (String l : out.toString(StandardCharsets.UTF_8).split("\n")) {
      if (l.startsWith("\t")) {
        String t = l.trim().replaceAll("\\+0x[0-9a-f]+ ", " ");
        if (!t.contains("[kernel")) {
          frames.add(t);
        }
      }
    }
    return frames;
  }
}
