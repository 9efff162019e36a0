package dev.jtrace.abi.snapshot;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jtrace.abi.Fixtures;
import dev.jtrace.abi.model.AbiSnapshot;
import dev.jtrace.abi.model.Define;
import dev.jtrace.abi.model.HeaderFacts;
import dev.jtrace.abi.model.IoctlMacro;
import dev.jtrace.abi.model.SyscallEntry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotReaderTest {
  @Test
  void readsEveryKindOfFact() throws IOException {
    AbiSnapshot s = SnapshotReader.read(Fixtures.snapshotDir());

    assertThat(s.kernelVersion()).isEqualTo("6.12.0-fixture");
    assertThat(s.manifest()).hasSize(2);
    HeaderFacts prctl = s.headers().get("include/uapi/linux/prctl.h");
    assertThat(prctl.defines()).contains(new Define("PR_SET_MM", OptionalLong.of(35), "35"));
    assertThat(prctl.defines()).contains(new Define("_LINUX_PRCTL_H", OptionalLong.empty(), ""));
    assertThat(s.headers().get("arch/x86/include/uapi/asm/mman.h").includes())
        .containsExactly("include/uapi/asm-generic/mman.h");
    assertThat(s.headers().get("include/uapi/asm-generic/errno.h").errnos().get(1).description())
        .isEqualTo("Operation would block");
    assertThat(s.syscallTables().get("x86_64").entries().get(2).name()).isEqualTo("openat");
    assertThat(s.syscallTables().get("x86_64").source())
        .isEqualTo("arch/x86/entry/syscalls/syscall_64.tbl");
  }

  @Test
  void badLineNamesFileLineColumnAndWhatWasExpected(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("MANIFEST"), "kernel\t6.12\n");
    Path h = dir.resolve("headers/include/uapi/linux/x.h.facts");
    Files.createDirectories(h.getParent());
    Files.writeString(h, "# comment\ndefine\tA\t1\t1\nenum\t-\tB\tseven\n");

    SnapshotFormatException e =
        assertThrows(SnapshotFormatException.class, () -> SnapshotReader.read(dir));

    assertThat(e)
        .hasMessageThat()
        .isEqualTo(
            "headers/include/uapi/linux/x.h.facts:3:10: expected a decimal integer, not 'seven'");
  }

  @Test
  void readsIoctlMacrosAndRejectsAMalformedOne(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("MANIFEST"), "kernel\t6.12\n");
    Path h = dir.resolve("headers/include/uapi/linux/x.h.facts");
    Files.createDirectories(h.getParent());
    Files.writeString(
        h, "ioctlfn\tX_GET\ta,len\t2147506177\t_IOC(_IOC_READ, 'X', 1, (a) + (len))\n");

    assertThat(SnapshotReader.read(dir).headers().get("include/uapi/linux/x.h").ioctlMacros())
        .containsExactly(
            new IoctlMacro(
                "X_GET", List.of("a", "len"), 2147506177L, "_IOC(_IOC_READ, 'X', 1, (a) + (len))"));

    Files.writeString(h, "ioctlfn\tX_GET\t\t1\t_IOC(_IOC_READ, 'X', 1, 0)\n");
    SnapshotFormatException e =
        assertThrows(SnapshotFormatException.class, () -> SnapshotReader.read(dir));
    assertThat(e)
        .hasMessageThat()
        .startsWith(
            "headers/include/uapi/linux/x.h.facts:1:1: expected ioctlfn\t<NAME>\t<parameters");
  }

  @Test
  void syscallTableSourceIsTheOneItsFirstLineNames(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("MANIFEST"), "kernel\t6.12\n");
    Files.createDirectories(dir.resolve("syscalls"));
    Files.writeString(
        dir.resolve("syscalls/arm64.facts"),
        "# arm64 from arch/arm64/tools/syscall_64.tbl\n0\tio_setup\n");
    Files.writeString(dir.resolve("syscalls/x86_64.facts"), "0\tread\n");

    AbiSnapshot s = SnapshotReader.read(dir);

    assertThat(s.syscallTables().get("arm64").source())
        .isEqualTo("arch/arm64/tools/syscall_64.tbl");
    assertThat(s.syscallTables().get("arm64").entries())
        .containsExactly(new SyscallEntry(0, "io_setup"));
    assertThat(s.syscallTables().get("x86_64").source()).isEmpty();
  }

  @Test
  void unknownLineKindIsAnError(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("MANIFEST"), "kernel\t6.12\nsauce\tx\ty\n");

    SnapshotFormatException e =
        assertThrows(SnapshotFormatException.class, () -> SnapshotReader.read(dir));

    assertThat(e)
        .hasMessageThat()
        .isEqualTo("MANIFEST:2:1: expected kernel or source, not 'sauce'");
  }

  @Test
  void missingManifestIsAnError(@TempDir Path dir) {
    SnapshotFormatException e =
        assertThrows(SnapshotFormatException.class, () -> SnapshotReader.read(dir));

    assertThat(e).hasMessageThat().contains("expected a MANIFEST file");
  }
}
