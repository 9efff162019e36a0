package dev.jtrace.tracer.session;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The talk's scriptlets, live: {@code -e openat,etcsnoop.o} prints each filename the program wrote
 * to __bpf_stdout__ just before its openat line (the output is written at the call's entry, so it
 * sorts with it); filter.o on sys_enter_close drops exactly the closes of fds above 100, entry and
 * return; {@code -e file.c} compiles with clang and runs the same; a compile error prints the
 * compiler's lines, then ERROR and the hints.
 */
class BpfObjectLiveTest {
  @TempDir static Path dir;
  static final Path OBJECTS = Path.of("src/test/resources/bpf").toAbsolutePath();

  /** Closes fds 150 and 7 (each a dup of an open file), in that order. */
  private static final String CLOSES =
      "import os\n"
          + "fd = os.open('/etc/hostname', os.O_RDONLY)\n"
          + "os.dup2(fd, 150); os.close(150)\n"
          + "os.dup2(fd, 7); os.close(7)\n";

  @BeforeAll
  static void setUp() {
    TracedRun.assumeTracingWorks();
  }

  @Test
  void bpfStdoutPrintsBeforeEachOpenat() throws Exception {
    Path target = dir.resolve("bla");
    TracedRun run =
        TracedRun.run(
            dir, "-e", "openat," + OBJECTS.resolve("etcsnoop.o"), "--", "touch", target.toString());
    assertWithMessage(run.messages()).that(run.status()).isEqualTo(0);
    List<String> lines = run.lines();
    int out = TracedRun.indexOf(lines, " touch/", " __bpf_stdout__:" + target + ".");
    int call = TracedRun.indexOf(lines, " touch/", "openat(", "filename: \"" + target + "\"");
    assertWithMessage("%s", lines).that(out).isAtLeast(0);
    assertWithMessage("the output just before its call in %s", lines).that(call).isEqualTo(out + 1);
    // the bytes as perf shows them: the NUL and the kernel's padding as dots, to the 8-byte raw
    // size
    String text = lines.get(out).substring(lines.get(out).indexOf("__bpf_stdout__:") + 15);
    assertThat((text.length() + 4) % 8).isEqualTo(0);
    assertThat(text.substring(target.toString().length())).matches("\\.+");
    // only the command's own output: the program runs for every task opening a file
    assertThat(lines.stream().filter(l -> l.contains("__bpf_stdout__") && !l.contains(" touch/")))
        .isEmpty();
  }

  @Test
  void aMaxStackQualifierPrintsTheStackUnderEachOutput() throws Exception {
    Path target = dir.resolve("stacked");
    TracedRun run =
        TracedRun.run(
            dir,
            "-e",
            "openat," + OBJECTS.resolve("etcsnoop.o") + "/max-stack=5/",
            "--",
            "touch",
            target.toString());
    assertWithMessage(run.messages()).that(run.status()).isEqualTo(0);
    List<String> lines = run.lines();
    int out = TracedRun.indexOf(lines, " touch/", " __bpf_stdout__:" + target + ".");
    assertWithMessage("%s", lines).that(out).isAtLeast(0);
    // as in the talk: the kernel's frames from the syscall tracepoint down, then the user's, five
    // in all, indented under the output; the call's own line follows them
    List<String> frames = lines.subList(out + 1, out + 6);
    for (String f : frames) {
      assertWithMessage("%s", lines).that(f).matches(" {39}\\S.* \\(.*\\)");
    }
    assertWithMessage("%s", lines).that(frames.get(0)).contains("([kernel.kallsyms])");
    assertWithMessage("%s", lines)
        .that(frames.stream().anyMatch(f -> f.contains("do_syscall_64")))
        .isTrue();
    assertWithMessage("%s", lines).that(lines.get(out + 6)).contains("openat(");
  }

  /**
   * An object's stacks ask nothing of the syscall capture: the BPF capture stays allowed (a
   * --call-graph would refuse it), and the call keeps its copies.
   */
  @Test
  void anObjectsStacksGoWithTheBpfCapture() throws Exception {
    Path target = dir.resolve("bpf-stacked");
    TracedRun run =
        TracedRun.run(
            dir,
            "--capture=bpf",
            "-e",
            "openat," + OBJECTS.resolve("etcsnoop.o") + "/max-stack=2/",
            "--",
            "touch",
            target.toString());
    assertWithMessage(run.messages()).that(run.status()).isEqualTo(0);
    List<String> lines = run.lines();
    int out = TracedRun.indexOf(lines, " touch/", " __bpf_stdout__:" + target + ".");
    assertWithMessage("%s", lines).that(out).isAtLeast(0);
    assertWithMessage("%s", lines).that(lines.get(out + 1)).contains("([kernel.kallsyms])");
    assertWithMessage("%s", lines).that(lines.get(out + 2)).contains("([kernel.kallsyms])");
    assertWithMessage("%s", lines).that(lines.get(out + 3)).doesNotMatch(" {39}\\S.*");
  }

  @Test
  void bpfStdoutInJsonKeepsEveryByte() throws Exception {
    Path target = dir.resolve("json-bla");
    TracedRun run =
        TracedRun.run(
            dir,
            "--json",
            "-e",
            "openat," + OBJECTS.resolve("etcsnoop.o"),
            "--",
            "touch",
            target.toString());
    assertWithMessage(run.messages()).that(run.status()).isEqualTo(0);
    String hex =
        java.util.HexFormat.of()
            .formatHex(target.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    List<String> outputs =
        run.lines().stream()
            .filter(l -> l.contains("\"event\":\"__bpf_stdout__\""))
            .filter(l -> l.contains("\"comm\":\"touch\""))
            .toList();
    assertWithMessage("%s", run.lines())
        .that(outputs.stream().anyMatch(l -> l.contains("\"text\":\"" + target + ".")))
        .isTrue();
    // the bytes themselves, NUL included: the text's dots lose them
    assertWithMessage("%s", outputs)
        .that(outputs.stream().anyMatch(l -> l.contains("\"hex\":\"" + hex + "00")))
        .isTrue();
  }

  @Test
  void filterDropsTheClosesItReturnsZeroFor() throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/python3")), "no python3");
    TracedRun run =
        TracedRun.run(
            dir, "-e", "close,dup2," + OBJECTS.resolve("filter.o"), "--", "python3", "-c", CLOSES);
    assertWithMessage(run.messages()).that(run.status()).isEqualTo(0);
    List<String> lines = run.lines();
    assertWithMessage("%s", lines).that(TracedRun.indexOf(lines, "dup2(", "= 150")).isAtLeast(0);
    assertWithMessage("%s", lines)
        .that(TracedRun.indexOf(lines, "close(fd: 7", "= 0"))
        .isAtLeast(0);
    assertWithMessage("%s", lines)
        .that(lines.stream().filter(l -> l.contains("close(fd: 150") || l.contains("close()")))
        .isEmpty();
  }

  @Test
  void aFilterThatCannotDropSaysSo() throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/python3")), "no python3");
    // (nearly) every syscall traced: on raw_syscalls, which the program's 0 does not reach
    TracedRun run =
        TracedRun.run(
            dir, "-e", "!getppid," + OBJECTS.resolve("filter.o"), "--", "python3", "-c", CLOSES);
    assertWithMessage(run.messages()).that(run.status()).isEqualTo(0);
    assertThat(run.messages())
        .contains("warning: a program on syscalls:sys_enter_close cannot drop calls");
    // so the calls it would drop are printed, not silently missing or silently kept
    assertWithMessage("%s", run.lines())
        .that(TracedRun.indexOf(run.lines(), "close(fd: 150"))
        .isAtLeast(0);
  }

  @Test
  void aCSourceCompilesAndRuns() throws Exception {
    Assumptions.assumeTrue(hasClang(), "clang is not installed (scripts/setup installs it)");
    Path source = dir.resolve("snoop.c");
    Files.copy(OBJECTS.resolve("etcsnoop.c"), source);
    TracedRun run = TracedRun.run(dir, "-e", source.toString(), "--", "cat", "/etc/hostname");
    assertWithMessage(run.messages()).that(run.status()).isEqualTo(0);
    assertWithMessage("%s", run.lines())
        .that(TracedRun.indexOf(run.lines(), " cat/", "__bpf_stdout__:/etc/hostname."))
        .isAtLeast(0);
  }

  @Test
  void aCompileErrorShowsTheCompilerThenErrorAndHints() throws Exception {
    Assumptions.assumeTrue(hasClang(), "clang is not installed (scripts/setup installs it)");
    Path source = dir.resolve("broken.c");
    Files.writeString(
        source,
        "#include \"bpf.h\"\n"
            + "SEC(\"tp/syscalls/sys_enter_openat\")\n"
            + "int f(void *ctx)\n"
            + "{\n"
            + "  char *p *((char **)(ctx + 24));\n"
            + "  return 0;\n"
            + "}\n");
    TracedRun run = TracedRun.run(dir, "-e", source.toString(), "--", "true");
    assertThat(run.status()).isNotEqualTo(0);
    String m = run.messages();
    assertThat(m).contains("broken.c:5:10: error: expected ';' at end of declaration");
    assertThat(m).contains("ERROR: unable to compile " + source);
    assertThat(m).contains("Hint: Check error message shown above.");
    assertThat(m).contains("Hint: You can also pre-compile it into .o using:");
    assertThat(m).doesNotContain("Exception");
  }

  @Test
  void aBadObjectIsOneLine() throws Exception {
    TracedRun run = TracedRun.run(dir, "-e", "/bin/true.o", "--", "true");
    assertThat(run.status()).isNotEqualTo(0);
    assertThat(run.messages().strip()).isEqualTo("jtrace: -e /bin/true.o: no such file");
    Path notBpf = dir.resolve("true.o");
    Files.copy(Path.of("/bin/true"), notBpf);
    run = TracedRun.run(dir, "-e", notBpf.toString(), "--", "true");
    assertThat(run.status()).isNotEqualTo(0);
    assertThat(run.messages().strip())
        .isEqualTo(
            "jtrace: " + notBpf + ": not an eBPF object (ELF machine 62, expected 247, BPF)");
  }

  /**
   * Differential: perf 6.1 loads the same BTF-maps object and prints the same bytes for each output
   * (it spells the line {@code __bpf_stdout__(BYTES)}, jtrace as the talk {@code
   * __bpf_stdout__:BYTES}).
   */
  @Test
  void theOutputsAreThoseOfPerfTrace() throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/perf")), "perf is not installed");
    Path target = dir.resolve("diff");
    Path object = OBJECTS.resolve("etcsnoop.o");
    Path perfOut = dir.resolve("perf.out");
    Process perf =
        new ProcessBuilder(
                "perf",
                "trace",
                "-o",
                perfOut.toString(),
                "-e",
                "openat," + object,
                "touch",
                target.toString())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    assertThat(perf.waitFor(120, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    Assumptions.assumeTrue(perf.exitValue() == 0, "perf trace cannot load the object here");
    List<String> perfOutputs =
        Files.readAllLines(perfOut).stream()
            .filter(l -> l.contains(" __bpf_stdout__("))
            .map(l -> l.substring(l.indexOf("__bpf_stdout__(") + 15, l.lastIndexOf(')')))
            .toList();
    Files.delete(target);
    TracedRun run = TracedRun.run(dir, "-e", "openat," + object, "--", "touch", target.toString());
    assertWithMessage(run.messages()).that(run.status()).isEqualTo(0);
    List<String> ours =
        run.lines().stream()
            .filter(l -> l.contains(" __bpf_stdout__:"))
            .map(l -> l.substring(l.indexOf("__bpf_stdout__:") + 15))
            .toList();
    // bpf_probe_read_user_str fails on a page not yet faulted in (a libc string read before its
    // first use), so either run may miss an output the other has: what both got must be the same
    // bytes, the target's included.
    String targetOutput =
        perfOutputs.stream().filter(o -> o.startsWith(target.toString())).findFirst().orElseThrow();
    assertThat(ours).contains(targetOutput);
    List<String> both = ours.stream().filter(perfOutputs::contains).toList();
    assertWithMessage("ours %s, perf's %s", ours, perfOutputs)
        .that(both.size())
        .isAtLeast(ours.size() - 2);
  }

  /**
   * A legacy maps section: the hash is created and used, the output of the write to fd 1 prints.
   */
  @Test
  void legacyMapsObjectLoadsAndWrites() throws Exception {
    TracedRun run =
        TracedRun.run(dir, "-e", "write," + OBJECTS.resolve("legacy_maps.o"), "--", "echo", "hi");
    assertWithMessage(run.messages()).that(run.status()).isEqualTo(0);
    int out = TracedRun.indexOf(run.lines(), " echo/", "__bpf_stdout__:write to stdout.");
    int call = TracedRun.indexOf(run.lines(), " echo/", "write(fd: 1", "count: 3");
    assertThat(call).isEqualTo(out + 1);
  }

  /**
   * A program the verifier refuses: one line with the program, the errno and the verifier's end.
   */
  @Test
  void aVerifierRefusalIsOneLineWithTheVerifiersReason() throws Exception {
    Assumptions.assumeTrue(hasClang(), "clang is not installed (scripts/setup installs it)");
    Path source = dir.resolve("deref.c");
    Files.writeString(
        source,
        "#include \"bpf.h\"\nSEC(\"tp/syscalls/sys_enter_openat\")\n"
            + "int deref(struct syscall_enter_args *ctx)\n{\n  return *(int *)(ctx->args[1]);\n}\n"
            + "char _license[] SEC(\"license\") = \"GPL\";\n");
    TracedRun run = TracedRun.run(dir, "-e", source.toString(), "--", "true");
    assertThat(run.status()).isNotEqualTo(0);
    String m = run.messages().strip();
    assertThat(m).doesNotContain("\n");
    assertThat(m)
        .startsWith(
            "jtrace: "
                + source
                + ": program deref (tp/syscalls/sys_enter_openat): bpf(BPF_PROG_LOAD)");
    assertThat(m).contains("invalid mem access");
  }

  private static boolean hasClang() {
    for (String d : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
      if (Files.isExecutable(Path.of(d, "clang"))) {
        return true;
      }
    }
    return false;
  }
}
