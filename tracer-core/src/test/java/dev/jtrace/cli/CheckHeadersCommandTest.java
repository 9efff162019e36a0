package dev.jtrace.cli;

import static com.google.common.truth.Truth.assertThat;
import static dev.jtrace.checkheaders.DemoKernel.DEMO_H;
import static dev.jtrace.checkheaders.DemoKernel.HEADER;

import dev.jtrace.abi.cheader.HeaderAnalyzer;
import dev.jtrace.abi.snapshot.ClasspathSnapshot;
import dev.jtrace.checkheaders.DemoKernel;
import dev.jtrace.checkheaders.HeaderCheck;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.antlr.v4.runtime.Lexer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jtrace check-headers}: exit codes, one-line errors, and the pinned snapshot found on the
 * class path.
 */
class CheckHeadersCommandTest {
  @TempDir Path dir;

  /** The arguments that compare the demo tree with its own snapshot. */
  private static String[] args(DemoKernel demo) {
    return new String[] {
      "--kernel-dir", demo.tree().toString(), "--snapshot", demo.snapshot().toString()
    };
  }

  @Test
  void commandExitCodes() throws IOException {
    DemoKernel demo = DemoKernel.in(dir);
    demo.write(DEMO_H, HEADER.replace("DEMO_TWO   2", "DEMO_TWO   5"));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    assertThat(CheckHeadersCommand.run(args(demo), new PrintStream(out), new PrintStream(err)))
        .isEqualTo(0);
    assertThat(out.toString()).contains("Warning: Kernel ABI header at '");
    assertThat(out.toString()).contains("\n  changed define DEMO_TWO: 2 -> 5\n");
    String[] strict = {
      "--kernel-dir", demo.tree().toString(), "--snapshot", demo.snapshot().toString(), "--strict"
    };
    assertThat(CheckHeadersCommand.run(strict, new PrintStream(out), new PrintStream(err)))
        .isEqualTo(1);
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void usageErrorsAreOneLineExitTwo() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(new ByteArrayOutputStream());
    assertThat(CheckHeadersCommand.run(new String[] {}, out, new PrintStream(err))).isEqualTo(2);
    assertThat(err.toString())
        .isEqualTo(
            "jtrace check-headers: --kernel-dir is required (see jtrace check-headers --help)"
                + System.lineSeparator());
    err.reset();
    assertThat(CheckHeadersCommand.run(new String[] {"--bogus"}, out, new PrintStream(err)))
        .isEqualTo(2);
    assertThat(err.toString())
        .isEqualTo(
            "jtrace check-headers: unknown option --bogus (see jtrace check-headers --help)"
                + System.lineSeparator());
    err.reset();
    assertThat(CheckHeadersCommand.run(new String[] {"--kernel-dir"}, out, new PrintStream(err)))
        .isEqualTo(2);
    assertThat(err.toString())
        .isEqualTo(
            "jtrace check-headers: option --kernel-dir needs a value (DIR)"
                + System.lineSeparator());
  }

  @Test
  void badInputIsOneLineExitOne() throws IOException {
    DemoKernel demo = DemoKernel.in(dir);
    demo.write(DEMO_H, HEADER.replace("#endif", ""));
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    assertThat(
            CheckHeadersCommand.run(
                args(demo), new PrintStream(new ByteArrayOutputStream()), new PrintStream(err)))
        .isEqualTo(1);
    assertThat(err.toString())
        .isEqualTo(
            "jtrace check-headers: include/uapi/linux/demo.h:2:2: expected #endif"
                + " to close this #ifndef before the end of the file"
                + System.lineSeparator());
  }

  @Test
  void aHeaderThatIsNotCTextIsOneLineNamingFileAndPosition() throws IOException {
    DemoKernel demo = DemoKernel.in(dir);
    // an ELF object where the header should be
    byte[] binary = {0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0, 0, 0, (byte) 0xff, 0, 3, 0, 0x3e, 0};
    Files.write(demo.tree().resolve(DEMO_H), binary);
    CliRun.Result r = CliRun.run(CheckHeadersCommand::run, args(demo));
    assertThat(r.status()).isEqualTo(1);
    assertThat(r.err())
        .isEqualTo(
            "jtrace check-headers: "
                + DEMO_H
                + ":1:1: expected C text, not the control byte 0x7f (a binary file?)"
                + System.lineSeparator());
  }

  @Test
  void aTracefsWithoutFormatsIsAnErrorNotNoDrift() throws IOException {
    DemoKernel demo = DemoKernel.in(dir);
    Path empty = Files.createDirectories(dir.resolve("not-a-tracefs"));
    List<String> args = new ArrayList<>(List.of(args(demo)));
    args.addAll(List.of("--tracefs", empty.toString()));
    // it used to compare nothing and print "no ABI drift", exit 0
    CliRun.Result r = CliRun.run(CheckHeadersCommand::run, args.toArray(String[]::new));
    assertThat(r.status()).isEqualTo(1);
    assertThat(r.err())
        .isEqualTo(
            "jtrace check-headers: "
                + empty
                + ": no event formats (expected events/SYSTEM/EVENT/format for the systems"
                + " raw_syscalls, syscalls)"
                + System.lineSeparator());
  }

  /**
   * Without {@code --snapshot} the pinned snapshot comes from the class path: the command runs in a
   * JVM of its own, from copies of its jars in a temporary directory and with that directory as
   * working directory, so nothing can lead it back to this checkout.
   */
  @Test
  void findsThePinnedSnapshotOnTheClassPathOutsideACheckout(@TempDir Path elsewhere)
      throws Exception {
    DemoKernel demo = DemoKernel.in(dir);
    List<String> classPath = new ArrayList<>();
    int n = 0;
    for (Path code :
        List.of(
            codeOf(Main.class),
            codeOf(HeaderCheck.class),
            codeOf(HeaderAnalyzer.class),
            codeOf(Lexer.class),
            pinnedSnapshotRoot())) {
      Path copy = elsewhere.resolve("lib").resolve(n++ + "-" + code.getFileName());
      copyTree(code, copy);
      classPath.add(copy.toString());
    }
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process p =
        new ProcessBuilder(
                java.toString(),
                "-cp",
                String.join(":", classPath),
                Main.class.getName(),
                "check-headers",
                "--kernel-dir",
                demo.tree().toString())
            .directory(elsewhere.toFile())
            .redirectErrorStream(true)
            .start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isEqualTo(0);
    // The demo tree's x86_64 table has two syscalls, the pinned one hundreds: the copy's snapshot
    // was read.
    assertThat(output)
        .contains(
            "Kernel ABI header at '" + pinnedIn(classPath.get(4)) + "/syscalls/x86_64.facts'");
    assertThat(output).contains("\n  removed syscall close 3\n");
  }

  /** How the command names a snapshot file inside the copied jar (or directory) {@code root}. */
  private static String pinnedIn(String root) {
    return root.endsWith(".jar")
        ? "jar:" + Path.of(root).toUri() + "!/" + ClasspathSnapshot.PINNED
        : root + "/" + ClasspathSnapshot.PINNED;
  }

  private static Path codeOf(Class<?> c) throws URISyntaxException {
    return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
  }

  /** The jar (or class directory) the pinned snapshot's resources are in. */
  private static Path pinnedSnapshotRoot() throws URISyntaxException {
    URL manifest =
        CheckHeadersCommandTest.class
            .getClassLoader()
            .getResource(ClasspathSnapshot.PINNED + "/MANIFEST");
    assertThat(manifest).isNotNull();
    String url = manifest.toString();
    if (url.startsWith("jar:")) {
      return Path.of(new URI(url.substring("jar:".length(), url.indexOf("!/"))));
    }
    Path root = Path.of(manifest.toURI());
    for (int i = Path.of(ClasspathSnapshot.PINNED, "MANIFEST").getNameCount(); i > 0; i--) {
      root = root.getParent();
    }
    return root;
  }

  private static void copyTree(Path from, Path to) throws IOException {
    Files.createDirectories(to.getParent());
    if (Files.isRegularFile(from)) {
      Files.copy(from, to);
      return;
    }
    try (Stream<Path> s = Files.walk(from)) {
      for (Path f : s.toList()) {
        Path target = to.resolve(from.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(target);
        } else {
          Files.copy(f, target);
        }
      }
    }
  }
}
