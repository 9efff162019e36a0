package dev.jtrace.abi.extract;

import static com.google.common.truth.Truth.assertWithMessage;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The real inputs tests read: the kernel tree and tracefs when this machine has them (tests skip
 * with the reason otherwise), and the committed snapshot, which every checkout has (a test fails
 * without it).
 */
public final class KernelSources {
  static final Path LINUX_6_12 = Path.of("/usr/src/linux-source-6.12");
  static final Path TRACEFS = Path.of("/sys/kernel/tracing");

  private KernelSources() {}

  static KernelTree linux612() {
    assumeTrue(
        Files.isRegularFile(LINUX_6_12.resolve("Makefile"))
            && Files.isDirectory(LINUX_6_12.resolve("include/uapi/linux")),
        "no kernel source tree at "
            + LINUX_6_12
            + " (Debian package linux-source-6.12, extracted)");
    return KernelTree.open(LINUX_6_12);
  }

  /** The committed snapshot of this checkout. */
  public static Path committedSnapshot() {
    String root = System.getProperty("jtrace.root");
    Path dir = root != null ? Path.of(root) : Path.of("..");
    Path abi = dir.resolve("tools-include-uapi/src/main/abi");
    // git tracks it: its absence is a broken checkout or a wrong jtrace.root, never a machine
    // without it
    assertWithMessage(
            "the committed snapshot's MANIFEST at %s (is -Djtrace.root the checkout?)", abi)
        .that(Files.isRegularFile(abi.resolve("MANIFEST")))
        .isTrue();
    return abi;
  }
}
