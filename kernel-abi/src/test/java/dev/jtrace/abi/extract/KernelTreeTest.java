package dev.jtrace.abi.extract;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jtrace.abi.cheader.TargetArch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Source trees and installed-headers prefixes name their files by the same tree paths. */
class KernelTreeTest {
  @TempDir Path dir;

  private void write(String path, String text) throws IOException {
    Path p = dir.resolve(path);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text);
  }

  @Test
  void sourceTreeResolvesAsKbuild() throws IOException {
    write("Makefile", "VERSION = 6\nPATCHLEVEL = 12\nSUBLEVEL = 3\nEXTRAVERSION = -rc1\n");
    write("include/uapi/linux/a.h", "");
    write("include/uapi/asm-generic/ioctl.h", "");
    write("arch/mips/include/uapi/asm/ioctl.h", "");
    KernelTree tree = KernelTree.open(dir);
    assertThat(tree.kernelVersion()).isEqualTo("6.12.3-rc1");
    assertThat(tree.resolve("linux/a.h", true, "include/uapi/linux/b.h", TargetArch.X86_64))
        .isEqualTo(Optional.of("include/uapi/linux/a.h"));
    assertThat(tree.resolve("a.h", false, "include/uapi/linux/b.h", TargetArch.X86_64))
        .isEqualTo(Optional.of("include/uapi/linux/a.h"));
    assertThat(tree.resolve("asm/ioctl.h", true, "include/uapi/linux/b.h", TargetArch.X86_64))
        .isEqualTo(Optional.of("include/uapi/asm-generic/ioctl.h"));
    assertThat(
            tree.resolve("asm/ioctl.h", true, "include/uapi/linux/b.h", TargetArch.forDir("mips")))
        .isEqualTo(Optional.of("arch/mips/include/uapi/asm/ioctl.h"));
    assertThat(tree.resolve("stdlib.h", true, "include/uapi/linux/b.h", TargetArch.X86_64))
        .isEmpty();
  }

  @Test
  void installedPrefixMapsToTreePaths() throws IOException {
    write("include/linux/a.h", "");
    write("include/linux/version.h", "#define LINUX_VERSION_CODE 393472\n");
    write("include/asm-generic/ioctl.h", "");
    write("include/x86_64-linux-gnu/asm/mman.h", "#define X 1\n");
    write("include/x86_64-linux-gnu/asm/ioctl.h", "#include <asm-generic/ioctl.h>\n");
    KernelTree tree = KernelTree.open(dir);
    assertThat(tree.kernelVersion()).isEqualTo("6.1.0");
    assertThat(tree.file("include/uapi/linux/a.h"))
        .isEqualTo(Optional.of(dir.resolve("include/linux/a.h")));
    assertThat(tree.file("arch/x86/include/uapi/asm/mman.h"))
        .isEqualTo(Optional.of(dir.resolve("include/x86_64-linux-gnu/asm/mman.h")));
    // Kbuild's generated wrapper is not a tree file: asm/ioctl.h resolves to asm-generic as in the
    // tree.
    assertThat(tree.file("arch/x86/include/uapi/asm/ioctl.h")).isEmpty();
    assertThat(tree.resolve("asm/ioctl.h", true, "include/uapi/linux/a.h", TargetArch.X86_64))
        .isEqualTo(Optional.of("include/uapi/asm-generic/ioctl.h"));
    assertThat(KernelTree.open(dir.resolve("include")).file("include/uapi/linux/a.h")).isPresent();
  }

  @Test
  void crossPrefixAsmBelongsToItsArch() throws IOException {
    Path cross = dir.resolve("aarch64-linux-gnu");
    Files.createDirectories(cross.resolve("include/linux"));
    Files.createDirectories(cross.resolve("include/asm-generic"));
    Files.createDirectories(cross.resolve("include/asm"));
    Files.writeString(cross.resolve("include/asm/mman.h"), "#define Y 2\n");
    KernelTree tree = KernelTree.open(cross);
    assertThat(tree.file("arch/arm64/include/uapi/asm/mman.h")).isPresent();
    assertThat(tree.file("arch/x86/include/uapi/asm/mman.h")).isEmpty();
  }

  @Test
  void notAKernelTree() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> KernelTree.open(dir));
    assertThat(e).hasMessageThat().startsWith(dir + ": expected a kernel source tree");
  }
}
