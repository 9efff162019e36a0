package dev.jtrace.beauty.content;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * gcc over the UAPI headers of the kernel tree the snapshot was taken from, as a program sees them
 * after headers_install: {@code asm/} wrappers for the headers Kbuild generates from asm-generic,
 * and {@code __user} & co. empty. Tests skip (with the reason) where gcc or the tree is missing.
 */
final class KernelHeadersCompiler {
  static final Path LINUX_6_12 = Path.of("/usr/src/linux-source-6.12");

  private final Path work;

  KernelHeadersCompiler(Path work) throws IOException {
    assumeTrue(
        Files.isDirectory(LINUX_6_12.resolve("include/uapi/linux")),
        "no kernel source tree at " + LINUX_6_12 + " (Debian package linux-source-6.12)");
    assumeTrue(run(List.of("gcc", "--version"), work).exitCode == 0, "no gcc on the PATH");
    this.work = work;
    Path asm = Files.createDirectories(work.resolve("inc/asm"));
    Path archAsm = LINUX_6_12.resolve("arch/x86/include/uapi/asm");
    try (Stream<Path> s = Files.list(LINUX_6_12.resolve("include/uapi/asm-generic"))) {
      for (Path generic : s.toList()) {
        String name = generic.getFileName().toString();
        if (!Files.exists(archAsm.resolve(name))) {
          Files.writeString(asm.resolve(name), "#include <asm-generic/" + name + ">\n");
        }
      }
    }
    // Included by some UAPI headers in the tree; headers_install removes the include.
    Path linux = Files.createDirectories(work.resolve("inc/linux"));
    Files.writeString(linux.resolve("compiler.h"), "\n");
    Files.writeString(linux.resolve("compiler_types.h"), "\n");
  }

  /** The result of one gcc or program run. */
  record Run(int exitCode, String output) {}

  /** Compiles {@code source}; with {@code link}, links a program and returns its path. */
  Run compile(String name, String source, boolean link, String... flags) throws IOException {
    Path c = work.resolve(name + ".c");
    Files.writeString(c, source);
    List<String> cmd = new ArrayList<>(List.of("gcc"));
    cmd.addAll(List.of(flags));
    cmd.addAll(
        List.of(
            "-I" + work.resolve("inc"),
            "-I" + LINUX_6_12.resolve("arch/x86/include/uapi"),
            "-I" + LINUX_6_12.resolve("include/uapi"),
            "-D__user=",
            "-D__force=",
            "-D__iomem=",
            "-D__attribute_const__=",
            "-D__packed=__attribute__((packed))"));
    if (link) {
      cmd.addAll(List.of("-o", work.resolve(name).toString(), c.toString()));
    } else {
      cmd.addAll(List.of("-fsyntax-only", c.toString()));
    }
    return run(cmd, work);
  }

  Run runProgram(String name) throws IOException {
    return run(List.of(work.resolve(name).toString()), work);
  }

  private static Run run(List<String> cmd, Path dir) throws IOException {
    Process p;
    try {
      p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
    } catch (IOException e) {
      return new Run(-1, e.getMessage());
    }
    try {
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return new Run(-1, "timed out: " + cmd);
      }
      return new Run(p.exitValue(), out);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }
}
