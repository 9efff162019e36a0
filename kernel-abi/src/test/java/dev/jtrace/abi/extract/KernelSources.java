package dev.jtrace.abi.extract;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** The real inputs tests read when this machine has them; tests skip with the reason otherwise. */
public final class KernelSources {
  static final Path LINUX_6_12 = Path.of("/usr/src/linux-source-6.12");
  static final Path TRACEFS = Path.of("/sys/kernel/tracing");

  private KernelSources() {}

  static KernelTree linux612() {
    assumeTrue(Files.isRegularFile(LINUX_6_12.resolve("Makefile"))
            && Files.isDirectory(LINUX_6_12.resolve("include/uapi/linux")),
        "no kernel source tree at " + LINUX_6_12 + " (Debian package linux-source-6.12, extracted)");
    return KernelTree.open(LINUX_6_12);
  }

  /** The committed snapshot of this checkout. */
  public static Path committedSnapshot() {
    String root = System.getProperty("jtrace.root");
    Path dir = root != null ? Path.of(root) : Path.of("..");
    Path abi = dir.resolve("tools-include-uapi/src/main/abi");
    assumeTrue(Files.isRegularFile(abi.resolve("MANIFEST")), "no committed snapshot at " + abi);
    return abi;
  }
}
