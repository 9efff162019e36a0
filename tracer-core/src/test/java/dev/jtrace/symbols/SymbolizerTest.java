package dev.jtrace.symbols;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jtrace.elf.ElfFile;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The symbolizer on a running process of the stacks workload: its functions by their printed
 * addresses, through /proc/PID/maps, with the symbols in the binary, in a .gnu_debuglink file, in a
 * build-id debug file and in MiniDebugInfo; its JIT region through the /tmp/perf-PID.map it wrote;
 * the kernel's functions through kallsyms.
 */
class SymbolizerTest {
  @Test
  void functionsOfARunningProcessFromItsOwnSymtab() throws Exception {
    Path bin = StacksWorkload.framePointers();
    assertResolvesFunctions(bin, Symbolizer.live());
  }

  @Test
  void strippedBinaryWithADebugLink() throws Exception {
    Path dir = Files.createTempDirectory("sym-link");
    Path bin = dir.resolve("stacks");
    Files.copy(StacksWorkload.framePointers(), bin);
    StacksWorkload.run(
        List.of(
            "objcopy", "--only-keep-debug", bin.toString(), dir.resolve("stacks.debug").toString()),
        "objcopy");
    StacksWorkload.run(List.of("strip", bin.toString()), "strip");
    StacksWorkload.run(
        List.of("objcopy", "--add-gnu-debuglink=" + dir.resolve("stacks.debug"), bin.toString()),
        "objcopy");
    Files.move(
        dir.resolve("stacks.debug"),
        Files.createDirectories(dir.resolve(".debug")).resolve("stacks.debug"));
    BinarySymbols b = Symbolizer.live().binary(bin.toString(), null);
    assertThat(b.symbolSource()).isEqualTo(dir.resolve(".debug/stacks.debug").toString());
    assertResolvesFunctions(bin, Symbolizer.live());
  }

  @Test
  void strippedBinaryWithABuildIdDebugFile() throws Exception {
    Path dir = Files.createTempDirectory("sym-buildid");
    Path bin = dir.resolve("stacks");
    Files.copy(StacksWorkload.framePointers(), bin);
    String id = ElfFile.open(bin).buildId();
    Path root = dir.resolve("debug");
    Path debug =
        root.resolve(".build-id").resolve(id.substring(0, 2)).resolve(id.substring(2) + ".debug");
    Files.createDirectories(debug.getParent());
    StacksWorkload.run(
        List.of("objcopy", "--only-keep-debug", bin.toString(), debug.toString()), "objcopy");
    StacksWorkload.run(List.of("strip", bin.toString()), "strip");
    Symbolizer s = Symbolizer.withDebugRoot(root);
    assertThat(s.binary(bin.toString(), null).symbolSource()).isEqualTo(debug.toString());
    assertResolvesFunctions(bin, s);
  }

  @Test
  void strippedBinaryWithMiniDebugInfo() throws Exception {
    Path dir = Files.createTempDirectory("sym-mini");
    Path bin = dir.resolve("stacks");
    Files.copy(StacksWorkload.framePointers(), bin);
    Path mini = dir.resolve("mini");
    StacksWorkload.run(
        List.of("objcopy", "--only-keep-debug", bin.toString(), mini.toString()), "objcopy");
    StacksWorkload.run(List.of("objcopy", "--strip-debug", mini.toString()), "objcopy");
    StacksWorkload.run(List.of("xz", "-k", mini.toString()), "xz");
    StacksWorkload.run(List.of("strip", bin.toString()), "strip");
    StacksWorkload.run(
        List.of("objcopy", "--add-section", ".gnu_debugdata=" + mini + ".xz", bin.toString()),
        "objcopy");
    BinarySymbols b = Symbolizer.withDebugRoot(dir.resolve("none")).binary(bin.toString(), null);
    assertThat(b.symbolSource()).endsWith("(.gnu_debugdata)");
    assertResolvesFunctions(bin, Symbolizer.withDebugRoot(dir.resolve("none")));
  }

  @Test
  void kernelFunctionsFromKallsyms() throws Exception {
    String line;
    try (BufferedReader r = Files.newBufferedReader(Path.of("/proc/kallsyms"))) {
      line = r.lines().filter(l -> l.endsWith(" T do_syscall_64")).findFirst().orElse(null);
    }
    assumeTrue(
        line != null && !line.startsWith("0000000000000000"), "kallsyms hides addresses here");
    long address = Long.parseUnsignedLong(line.substring(0, 16), 16) + 0x10;
    Frame f = new Frame();
    assertThat(Symbolizer.live().resolve(1, address, true, f)).isTrue();
    assertThat(f.symbol()).isEqualTo("do_syscall_64");
    assertThat(f.offset()).isEqualTo(0x10);
    assertThat(f.dso()).isEqualTo("[kernel.kallsyms]");

    Symbolizer replay = Symbolizer.replay();
    replay.kallsyms(
        new StringReader("ffffffff81000000 T _stext\nffffffff81000100 t helper\t[mod]\n"));
    assertThat(replay.resolve(1, 0xffffffff81000104L, true, f)).isTrue();
    assertThat(f.symbol()).isEqualTo("helper");
    assertThat(f.dso()).isEqualTo("[mod]");
  }

  /** A new mapping replaces the part of an older one it overlaps, as the kernel's mmap does. */
  @Test
  void mmapOverAMappingSplitsIt() {
    Symbolizer s = Symbolizer.replay();
    s.mmap(7, 0x10000, 0x30000, 0, "/old", null);
    s.mmap(7, 0x20000, 0x10000, 0, "/new", null);
    Frame f = new Frame();
    s.resolve(7, 0x15000, false, f);
    assertThat(f.dso()).isEqualTo("/old");
    s.resolve(7, 0x25000, false, f);
    assertThat(f.dso()).isEqualTo("/new");
    assertThat(f.mapped()).isEqualTo(0x5000);
    s.resolve(7, 0x35000, false, f);
    assertThat(f.dso()).isEqualTo("/old");
    assertThat(f.mapped()).isEqualTo(0x25000);
    // a child starts with its parent's mappings; an exec drops them
    s.fork(7, 8);
    s.resolve(8, 0x25000, false, f);
    assertThat(f.dso()).isEqualTo("/new");
    s.exec(8);
    s.resolve(8, 0x25000, false, f);
    assertThat(f.dso()).isNull();
  }

  private static void assertResolvesFunctions(Path bin, Symbolizer symbolizer) throws Exception {
    Process p = new ProcessBuilder(bin.toString(), "wait").start();
    try {
      Map<String, Long> addresses = new HashMap<>();
      BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream()));
      for (int i = 0; i < 5; i++) {
        String[] f = out.readLine().split(" ");
        addresses.put(f[0], Long.parseUnsignedLong(f[1], 16));
      }
      int pid = (int) p.pid();
      symbolizer.attach(pid);
      Frame frame = new Frame();
      for (String fn : StacksWorkload.CALLERS) {
        assertThat(symbolizer.resolve(pid, addresses.get(fn) + 3, false, frame)).isTrue();
        assertThat(frame.symbol()).isEqualTo(fn);
        assertThat(frame.offset()).isEqualTo(3);
        assertThat(frame.dso()).isEqualTo(bin.toRealPath().toString());
      }
      // the JIT region, named by the /tmp/perf-PID.map the workload wrote
      assertThat(symbolizer.resolve(pid, addresses.get("jit") + 5, false, frame)).isTrue();
      assertThat(frame.symbol()).isEqualTo("JitCode::getppid");
      assertThat(frame.offset()).isEqualTo(5);
      assertThat(frame.dso()).isEqualTo("/tmp/perf-" + pid + ".map");
    } finally {
      p.getOutputStream().close();
      p.waitFor();
      Files.deleteIfExists(Path.of("/tmp/perf-" + p.pid() + ".map"));
    }
  }

  /**
   * A data address is named by its mapping: a file by the offset in it, anonymous memory, the heap
   * and the stack by the address itself (perf's identity maps); an ended process's mappings are
   * dropped.
   */
  @Test
  void locateNamesDataMappingsAndForgetsEndedProcesses() {
    Symbolizer s = Symbolizer.replay();
    s.mmap(7, 0x10000, 0x4000, 0x2000, "/srv/data", null);
    s.mmap(7, 0x7ff000, 0x1000, 0, "[stack]", null);
    s.mmap(7, 0x900000, 0x2000, 0, "//anon", null);
    Frame f = new Frame();
    assertThat(s.locate(7, 0x10010, f)).isTrue();
    assertThat(f.dso()).isEqualTo("/srv/data");
    assertThat(f.mapped()).isEqualTo(0x2010);
    assertThat(s.locate(7, 0x7ff008, f)).isTrue();
    assertThat(f.mapped()).isEqualTo(0x7ff008);
    assertThat(s.locate(7, 0x901000, f)).isTrue();
    assertThat(f.dso()).isEqualTo("//anon");
    assertThat(f.mapped()).isEqualTo(0x901000);
    assertThat(s.locate(7, 0x20000, f)).isFalse();
    assertThat(f.dso()).isNull();
    s.exit(7);
    assertThat(s.locate(7, 0x10010, f)).isFalse();
  }
}
