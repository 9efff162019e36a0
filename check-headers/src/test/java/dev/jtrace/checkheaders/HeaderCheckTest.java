package dev.jtrace.checkheaders;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;
import static dev.jtrace.checkheaders.DemoKernel.DEMO_H;
import static dev.jtrace.checkheaders.DemoKernel.HEADER;
import static dev.jtrace.checkheaders.DemoKernel.SYSCALL_64_TBL;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jtrace.abi.extract.KernelTree;
import dev.jtrace.abi.extract.SnapshotBuilder;
import dev.jtrace.abi.model.EventFormat;
import dev.jtrace.abi.model.FormatField;
import dev.jtrace.abi.model.HeaderFacts;
import dev.jtrace.abi.model.IoctlMacro;
import dev.jtrace.abi.snapshot.SnapshotFormatException;
import dev.jtrace.abi.snapshot.SnapshotWriter;
import dev.jtrace.abi.snapshot.TrackedHeaders;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** check-headers against a small kernel tree the test writes, then edits. */
class HeaderCheckTest {
  @TempDir Path kernel;

  @TempDir Path snapshot;

  private DemoKernel demo;

  @BeforeEach
  void writeTreeAndSnapshot() throws IOException {
    demo = DemoKernel.write(kernel, snapshot);
  }

  private CheckResult check() throws IOException {
    return HeaderCheck.check(kernel, Optional.empty(), snapshot);
  }

  @Test
  void sameTreeNoDrift() throws IOException {
    assertThat(check().drifts()).isEmpty();
  }

  @Test
  void commentsAndWhiteSpaceAreNotDrift() throws IOException {
    demo.write(
        DEMO_H,
        HEADER
            .replace("/* the first */", "/* reworded,\n   twice */")
            .replace("#define DEMO_TWO   2", "#define DEMO_TWO\t\t2 // two"));
    assertThat(check().drifts()).isEmpty();
  }

  @Test
  void sameValueWrittenDifferentlyIsNotDrift() throws IOException {
    demo.write(DEMO_H, HEADER.replace("DEMO_TWO   2", "DEMO_TWO (DEMO_ONE << 1)"));
    assertThat(check().drifts()).isEmpty();
  }

  @Test
  void newConstantChangedValueAndStructSize() throws IOException {
    demo.write(
        DEMO_H,
        HEADER
            .replace("#define DEMO_TWO   2", "#define DEMO_TWO   3\n#define DEMO_FOUR 4")
            .replace("__u64 addr;", "__u64 addr; __u64 len;")
            .replace("DEMO_B }", "DEMO_B, DEMO_C }"));
    CheckResult r = check();
    assertThat(r.drifts()).hasSize(1);
    Drift d = r.drifts().get(0);
    String warning =
        "Warning: Kernel ABI header at '"
            + snapshot.resolve("headers/include/uapi/linux/demo.h.facts")
            + "' differs from latest version at '"
            + kernel.resolve(DEMO_H)
            + "'";
    assertThat(d.warning()).isEqualTo(warning);
    assertThat(d.changes())
        .containsExactly(
            "changed define DEMO_TWO: 2 -> 3",
            "changed sizeof(struct demo_args): 16 -> 24",
            "added define DEMO_FOUR 4",
            "added enum demo_kind DEMO_C 2");
    assertThat(r.lines())
        .containsExactly(
            warning,
            "  changed define DEMO_TWO: 2 -> 3",
            "  changed sizeof(struct demo_args): 16 -> 24",
            "  added define DEMO_FOUR 4",
            "  added enum demo_kind DEMO_C 2")
        .inOrder();
  }

  /**
   * A layout header's member changes are drift of each arch's layouts, keyed by struct and member;
   * i386 lays the same struct out otherwise (its u64 aligns to 4).
   */
  @Test
  void memberChangesAreLayoutDriftPerArch() throws IOException {
    Files.writeString(
        snapshot.resolve("TRACKED"), "# test\n" + DEMO_H + "\nlayout\tlinux/demo.h\n");
    SnapshotWriter.write(
        new SnapshotBuilder(KernelTree.open(kernel), Optional.empty())
            .build(TrackedHeaders.read(snapshot)),
        snapshot);
    assertThat(Files.readString(snapshot.resolve("layouts/i386.facts")))
        .contains("member\taddr\t4\t8\tu8\n");
    assertThat(check().drifts()).isEmpty();

    demo.write(DEMO_H, HEADER.replace("__u32 flags;", "__u64 flags;"));
    Map<String, List<String>> byFile = new TreeMap<>();
    for (Drift d : check().drifts()) {
      byFile.put(d.snapshotFile().replace(snapshot.toString() + "/", ""), d.changes());
    }
    assertThat(byFile.get("layouts/x86_64.facts"))
        .containsExactly(
            "changed member struct demo_args.flags: offset 0 size 4 type u4 -> offset 0 size 8 type"
                + " u8");
    assertThat(byFile.get("layouts/i386.facts"))
        .containsExactly(
            "changed struct demo_args: size 12 align 4 -> size 16 align 4",
            "changed member struct demo_args.flags: offset 0 size 4 type u4 -> offset 0 size 8 type"
                + " u8",
            "changed member struct demo_args.addr: offset 4 size 8 type u8 -> offset 8 size 8 type"
                + " u8");
  }

  private static HeaderFacts withIoctl(IoctlMacro m) {
    return new HeaderFacts(
        DEMO_H, List.of(), List.of(), List.of(m), List.of(), List.of(), List.of());
  }

  @Test
  void ioctlMacrosAreFactsKeyedByNameAndParameters() {
    HeaderFacts before =
        withIoctl(
            new IoctlMacro(
                "DEMO_GET", List.of("len"), 2147505440L, "_IOC(_IOC_READ, 'U', 32, len)"));
    HeaderFacts rewritten =
        withIoctl(
            new IoctlMacro(
                "DEMO_GET", List.of("len"), 2147505440L, "_IOC(_IOC_READ, 'U', 0x20, len)"));
    HeaderFacts changed =
        withIoctl(
            new IoctlMacro(
                "DEMO_GET", List.of("len"), 2147505441L, "_IOC(_IOC_READ, 'U', 33, len)"));
    assertThat(FactDiff.headers(before, rewritten)).isEmpty();
    assertThat(FactDiff.headers(before, changed))
        .containsExactly("changed ioctlfn DEMO_GET(len): 2147505440 -> 2147505441");
    assertThat(FactDiff.headers(before, null))
        .containsExactly("removed ioctlfn DEMO_GET(len) 2147505440");
  }

  @Test
  void formatsCompareFieldLayoutAndPrintFormatButNotTheEventId() {
    FormatField fd = new FormatField("unsigned int", "fd", 0, false, 16, 8, false, false);
    EventFormat before =
        new EventFormat("syscalls", "sys_enter_close", 1, List.of(fd), "\"fd: 0x%08lx\", REC->fd");
    EventFormat otherBoot =
        new EventFormat("syscalls", "sys_enter_close", 2, List.of(fd), before.printFormat());
    EventFormat wider =
        new EventFormat(
            "syscalls",
            "sys_enter_close",
            1,
            List.of(new FormatField("unsigned long", "fd", 0, false, 16, 8, false, false)),
            before.printFormat());
    assertThat(FactDiff.formats(before, otherBoot)).isEmpty();
    assertThat(FactDiff.formats(before, wider))
        .containsExactly(
            "changed field fd: offset 16 size 8 signed 0 type unsigned int -> offset 16 size 8"
                + " signed 0 type unsigned long");
  }

  @Test
  void removedConstantAndSyscallChanges() throws IOException {
    demo.write(DEMO_H, HEADER.replace("#define DEMO_TWO   2\n", ""));
    demo.write(
        SYSCALL_64_TBL,
        "0\tcommon\tread\tsys_read\n2\tcommon\twrite\tsys_write\n3\tcommon\tclose\tsys_close\n");
    CheckResult r = check();
    assertThat(r.drifts()).hasSize(2);
    assertThat(r.drifts().get(0).changes()).containsExactly("removed define DEMO_TWO 2");
    assertThat(r.drifts().get(1).kernelFile()).isEqualTo(kernel.resolve(SYSCALL_64_TBL).toString());
    assertThat(r.drifts().get(1).changes())
        .containsExactly("changed syscall write: 1 -> 2", "added syscall close 3");
  }

  @Test
  void malformedKernelHeaderNamesFileAndPosition() throws IOException {
    demo.write(DEMO_H, HEADER.replace("#endif", ""));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, this::check);
    assertThat(e)
        .hasMessageThat()
        .isEqualTo(
            "include/uapi/linux/demo.h:2:2: expected #endif"
                + " to close this #ifndef before the end of the file");
  }

  @Test
  void malformedSyscallTableNamesFileAndPosition() throws IOException {
    demo.write(SYSCALL_64_TBL, "0\tcommon\tread\tsys_read\nx\tcommon\twrite\tsys_write\n");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, this::check);
    assertThat(e)
        .hasMessageThat()
        .isEqualTo(
            "arch/x86/entry/syscalls/syscall_64.tbl:2:1:"
                + " expected a syscall number, found 'x'");
  }

  @Test
  void malformedSnapshotLineNamesFileAndPosition() throws IOException {
    Path facts = snapshot.resolve("headers/include/uapi/linux/demo.h.facts");
    Files.writeString(facts, Files.readString(facts) + "define\tDEMO_BROKEN\n");
    int line = (int) Files.readString(facts).lines().count();
    SnapshotFormatException e = assertThrows(SnapshotFormatException.class, this::check);
    assertThat(e)
        .hasMessageThat()
        .isEqualTo(
            "headers/include/uapi/linux/demo.h.facts:"
                + line
                + ":1: expected define\t<NAME>\t<value or ?>\t<replacement text>");
  }

  @Test
  void installedHeadersPrefixMapsToTheSameSnapshotPaths(@TempDir Path prefix) throws IOException {
    Path inc = prefix.resolve("include");
    Files.createDirectories(inc.resolve("linux"));
    Files.createDirectories(inc.resolve("asm-generic"));
    Files.createDirectories(inc.resolve("x86_64-linux-gnu/asm"));
    // headers_install drops the _UAPI of include guards
    Files.writeString(
        inc.resolve("linux/demo.h"),
        HEADER.replace("_UAPI_JTRACE_TEST_DEMO_H", "_JTRACE_TEST_DEMO_H"));
    Files.copy(kernel.resolve("include/uapi/linux/types.h"), inc.resolve("linux/types.h"));
    Files.writeString(
        inc.resolve("x86_64-linux-gnu/asm/unistd_64.h"),
        "#ifndef JTRACE_TEST_UNISTD_64_H\n"
            + "#define JTRACE_TEST_UNISTD_64_H\n"
            + "#define __NR_read 0\n"
            + "#define __NR_write 1\n"
            + "#endif\n");
    CheckResult r = HeaderCheck.check(prefix, Optional.empty(), snapshot);
    assertThat(r.drifts()).isEmpty();
    assertThat(r.notCompared()).isEmpty();
  }

  @Test
  void noDriftAgainstLinux612() throws IOException {
    Path tree = Path.of("/usr/src/linux-source-6.12");
    assumeTrue(Files.isRegularFile(tree.resolve("Makefile")), "no kernel source tree at " + tree);
    String root = System.getProperty("jtrace.root", "..");
    Path committed = Path.of(root).resolve("tools-include-uapi/src/main/abi");
    // git tracks it: its absence is a broken checkout or a wrong jtrace.root, not a machine without
    // it
    assertWithMessage("committed snapshot at " + committed)
        .that(Files.isRegularFile(committed.resolve("TRACKED")))
        .isTrue();
    CheckResult r = HeaderCheck.check(tree, Optional.empty(), committed);
    assertThat(r.lines()).isEmpty();
  }
}
