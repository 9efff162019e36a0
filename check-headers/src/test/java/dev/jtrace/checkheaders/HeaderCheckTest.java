package dev.jtrace.checkheaders;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jtrace.abi.extract.KernelTree;
import dev.jtrace.abi.extract.SnapshotBuilder;
import dev.jtrace.abi.snapshot.SnapshotWriter;
import dev.jtrace.abi.snapshot.TrackedHeaders;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** check-headers against a small kernel tree the test writes, then edits. */
class HeaderCheckTest {
  private static final String HEADER = """
      /* a header written for this test */
      #ifndef _UAPI_JTRACE_TEST_DEMO_H
      #define _UAPI_JTRACE_TEST_DEMO_H
      #include <linux/types.h>
      #define DEMO_ONE   1   /* the first */
      #define DEMO_TWO   2
      struct demo_args { __u32 flags; __u64 addr; };
      enum demo_kind { DEMO_A, DEMO_B };
      #endif
      """;

  @TempDir
  Path kernel;

  @TempDir
  Path snapshot;

  @BeforeEach
  void writeTreeAndSnapshot() throws IOException {
    write("Makefile", "VERSION = 6\nPATCHLEVEL = 99\nSUBLEVEL = 0\nEXTRAVERSION =\n");
    write("include/uapi/linux/demo.h", HEADER);
    write("include/uapi/linux/types.h", "typedef unsigned int __u32;\ntypedef unsigned long long __u64;\n");
    write("arch/x86/entry/syscalls/syscall_64.tbl", "0\tcommon\tread\tsys_read\n1\tcommon\twrite\tsys_write\n");
    Files.writeString(snapshot.resolve("TRACKED"), "# test\ninclude/uapi/linux/demo.h\n");
    SnapshotBuilder builder = new SnapshotBuilder(KernelTree.open(kernel), Optional.empty());
    SnapshotWriter.write(builder.build(TrackedHeaders.read(snapshot)), snapshot);
  }

  private void write(String path, String text) throws IOException {
    Path p = kernel.resolve(path);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text);
  }

  private CheckResult check() throws IOException {
    return HeaderCheck.check(kernel, Optional.empty(), snapshot);
  }

  private static String printed(CheckResult r) {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    r.print(new PrintStream(buf, true, StandardCharsets.UTF_8));
    return buf.toString(StandardCharsets.UTF_8);
  }

  @Test
  void sameTreeNoDrift() throws IOException {
    assertThat(check().drifts()).isEmpty();
  }

  @Test
  void commentsAndWhiteSpaceAreNotDrift() throws IOException {
    write("include/uapi/linux/demo.h", HEADER.replace("/* the first */", "/* reworded,\n   twice */")
        .replace("#define DEMO_TWO   2", "#define DEMO_TWO\t\t2 // two"));
    assertThat(check().drifts()).isEmpty();
  }

  @Test
  void sameValueWrittenDifferentlyIsNotDrift() throws IOException {
    write("include/uapi/linux/demo.h", HEADER.replace("DEMO_TWO   2", "DEMO_TWO (DEMO_ONE << 1)"));
    assertThat(check().drifts()).isEmpty();
  }

  @Test
  void newConstantChangedValueAndStructSize() throws IOException {
    write("include/uapi/linux/demo.h", HEADER
        .replace("#define DEMO_TWO   2", "#define DEMO_TWO   3\n#define DEMO_FOUR 4")
        .replace("__u64 addr;", "__u64 addr; __u64 len;")
        .replace("DEMO_B }", "DEMO_B, DEMO_C }"));
    CheckResult r = check();
    assertThat(r.drifts()).hasSize(1);
    Drift d = r.drifts().get(0);
    assertThat(d.warning()).isEqualTo("Warning: Kernel ABI header at '"
        + snapshot.resolve("headers/include/uapi/linux/demo.h.facts") + "' differs from latest version at '"
        + kernel.resolve("include/uapi/linux/demo.h") + "'");
    assertThat(d.changes()).containsExactly(
        "changed define DEMO_TWO: 2 -> 3",
        "changed sizeof(struct demo_args): 16 -> 24",
        "added define DEMO_FOUR 4",
        "added enum demo_kind DEMO_C 2");
    assertThat(printed(r)).contains("\n  changed define DEMO_TWO: 2 -> 3\n");
  }

  @Test
  void ioctlMacrosAreFactsKeyedByNameAndParameters() {
    String facts = "headers/include/uapi/linux/demo.h.facts";
    String before = "ioctlfn\tDEMO_GET\tlen\t2147505440\t_IOC(_IOC_READ, 'U', 32, len)\n";
    assertThat(FactDiff.diff(facts, before, before.replace("32, len", "0x20, len"))).isEmpty();
    assertThat(FactDiff.diff(facts, before, "ioctlfn\tDEMO_GET\tlen\t2147505441\t_IOC(_IOC_READ, 'U', 33, len)\n"))
        .containsExactly("changed ioctlfn DEMO_GET(len): 2147505440 -> 2147505441");
    assertThat(FactDiff.diff(facts, before, "")).containsExactly("removed ioctlfn DEMO_GET(len) 2147505440");
  }

  @Test
  void removedConstantAndSyscallChanges() throws IOException {
    write("include/uapi/linux/demo.h", HEADER.replace("#define DEMO_TWO   2\n", ""));
    write("arch/x86/entry/syscalls/syscall_64.tbl", "0\tcommon\tread\tsys_read\n2\tcommon\twrite\tsys_write\n"
        + "3\tcommon\tclose\tsys_close\n");
    CheckResult r = check();
    assertThat(r.drifts()).hasSize(2);
    assertThat(r.drifts().get(0).changes()).containsExactly("removed define DEMO_TWO 2");
    assertThat(r.drifts().get(1).kernelFile()).isEqualTo(kernel.resolve("arch/x86/entry/syscalls/syscall_64.tbl").toString());
    assertThat(r.drifts().get(1).changes()).containsExactly("changed syscall write: 1 -> 2", "added syscall close 3");
  }

  @Test
  void commandExitCodes() throws IOException {
    write("include/uapi/linux/demo.h", HEADER.replace("DEMO_TWO   2", "DEMO_TWO   5"));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    String[] args = {"--kernel-dir", kernel.toString(), "--snapshot", snapshot.toString()};
    assertThat(CheckHeadersCommand.run(args, new PrintStream(out), new PrintStream(err))).isEqualTo(0);
    assertThat(out.toString()).contains("Warning: Kernel ABI header at '");
    assertThat(out.toString()).contains("  changed define DEMO_TWO: 2 -> 5");
    String[] strict = {"--kernel-dir", kernel.toString(), "--snapshot", snapshot.toString(), "--strict"};
    assertThat(CheckHeadersCommand.run(strict, new PrintStream(out), new PrintStream(err))).isEqualTo(1);
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void usageErrorsAreOneLineExitTwo() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(new ByteArrayOutputStream());
    assertThat(CheckHeadersCommand.run(new String[] {}, out, new PrintStream(err))).isEqualTo(2);
    assertThat(err.toString()).isEqualTo("jtrace check-headers: --kernel-dir is required; "
        + CheckHeadersCommand.USAGE + System.lineSeparator());
    err.reset();
    assertThat(CheckHeadersCommand.run(new String[] {"--bogus"}, out, new PrintStream(err))).isEqualTo(2);
    assertThat(err.toString().lines().count()).isEqualTo(1);
    err.reset();
    assertThat(CheckHeadersCommand.run(new String[] {"--kernel-dir"}, out, new PrintStream(err))).isEqualTo(2);
    assertThat(err.toString().lines().count()).isEqualTo(1);
  }

  /** Runs the command on this test's tree and snapshot, which must fail with exit status 1; its stderr. */
  private String stderrOfAFailedRun() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    String[] args = {"--kernel-dir", kernel.toString(), "--snapshot", snapshot.toString()};
    assertThat(CheckHeadersCommand.run(args, new PrintStream(new ByteArrayOutputStream()), new PrintStream(err)))
        .isEqualTo(1);
    return err.toString();
  }

  @Test
  void malformedKernelHeaderIsOneLineExitOne() throws IOException {
    write("include/uapi/linux/demo.h", HEADER.replace("#endif", ""));
    assertThat(stderrOfAFailedRun()).isEqualTo("jtrace check-headers: include/uapi/linux/demo.h:2:2: expected #endif"
        + " to close this #ifndef before the end of the file" + System.lineSeparator());
  }

  @Test
  void malformedSyscallTableIsOneLineExitOne() throws IOException {
    write("arch/x86/entry/syscalls/syscall_64.tbl", "0\tcommon\tread\tsys_read\nx\tcommon\twrite\tsys_write\n");
    assertThat(stderrOfAFailedRun()).isEqualTo("jtrace check-headers: arch/x86/entry/syscalls/syscall_64.tbl:2:1:"
        + " expected a syscall number, found 'x'" + System.lineSeparator());
  }

  @Test
  void malformedSnapshotLineIsOneLineExitOne() throws IOException {
    Path facts = snapshot.resolve("headers/include/uapi/linux/demo.h.facts");
    Files.writeString(facts, Files.readString(facts) + "define\tDEMO_BROKEN\n");
    int line = (int) Files.readString(facts).lines().count();
    assertThat(stderrOfAFailedRun()).isEqualTo("jtrace check-headers: headers/include/uapi/linux/demo.h.facts:" + line
        + ":1: expected define\t<NAME>\t<value or ?>\t<replacement text>" + System.lineSeparator());
  }

  @Test
  void installedHeadersPrefixMapsToTheSameSnapshotPaths(@TempDir Path prefix) throws IOException {
    Path inc = prefix.resolve("include");
    Files.createDirectories(inc.resolve("linux"));
    Files.createDirectories(inc.resolve("asm-generic"));
    Files.createDirectories(inc.resolve("x86_64-linux-gnu/asm"));
    // headers_install drops the _UAPI of include guards
    Files.writeString(inc.resolve("linux/demo.h"),
        HEADER.replace("_UAPI_JTRACE_TEST_DEMO_H", "_JTRACE_TEST_DEMO_H"));
    Files.copy(kernel.resolve("include/uapi/linux/types.h"), inc.resolve("linux/types.h"));
    Files.writeString(inc.resolve("x86_64-linux-gnu/asm/unistd_64.h"),
        "#ifndef JTRACE_TEST_UNISTD_64_H\n#define JTRACE_TEST_UNISTD_64_H\n#define __NR_read 0\n#define __NR_write 1\n#endif\n");
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
    assumeTrue(Files.isRegularFile(committed.resolve("TRACKED")), "no committed snapshot at " + committed);
    CheckResult r = HeaderCheck.check(tree, Optional.empty(), committed);
    assertThat(printed(r)).isEmpty();
  }
}
