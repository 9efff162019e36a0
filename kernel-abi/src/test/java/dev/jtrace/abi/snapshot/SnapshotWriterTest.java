package dev.jtrace.abi.snapshot;

import static com.google.common.truth.Truth.assertThat;

import dev.jtrace.abi.model.AbiSnapshot;
import dev.jtrace.abi.model.Define;
import dev.jtrace.abi.model.EnumConstant;
import dev.jtrace.abi.model.ErrnoFact;
import dev.jtrace.abi.model.EventFormat;
import dev.jtrace.abi.model.FormatField;
import dev.jtrace.abi.model.HeaderFacts;
import dev.jtrace.abi.model.IoctlMacro;
import dev.jtrace.abi.model.SourceFile;
import dev.jtrace.abi.model.StructSize;
import dev.jtrace.abi.model.SyscallEntry;
import dev.jtrace.abi.model.SyscallTableFacts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotWriterTest {
  @TempDir Path dir;

  private static AbiSnapshot snapshot() {
    HeaderFacts h =
        new HeaderFacts(
            "include/uapi/linux/x.h",
            List.of("include/uapi/linux/types.h"),
            List.of(
                new Define("X_ONE", OptionalLong.of(1), "1"),
                new Define("X_ALL", OptionalLong.of(-1), "(~0ULL)"),
                new Define("X_STR", OptionalLong.empty(), "\"s\"")),
            List.of(
                new IoctlMacro(
                    "X_GET", List.of("len"), 0x80005801L, "_IOC(_IOC_READ, 'X', 1, len)")),
            List.of(new EnumConstant("-", "X_A", 0)),
            List.of(new StructSize("struct", "x_s", 16)),
            List.of(new ErrnoFact("EX", 200, "Made\tup")));
    SyscallTableFacts t =
        new SyscallTableFacts(
            "x86_64",
            "arch/x86/entry/syscalls/syscall_64.tbl",
            List.of(new SyscallEntry(1, "write"), new SyscallEntry(0, "read")));
    EventFormat f =
        new EventFormat(
            "raw_syscalls",
            "sys_exit",
            442,
            List.of(new FormatField("long", "ret", 0, false, 16, 8, true, false)),
            "\"NR %ld = %ld\", REC->id, REC->ret");
    return new AbiSnapshot(
        "6.12.3",
        Map.of(h.path(), h),
        Map.of("x86_64", t),
        Map.of("raw_syscalls/sys_exit", f),
        List.of(new SourceFile("z.h", "bb"), new SourceFile("a.h", "aa")));
  }

  @Test
  void writesTheDocumentedFormat() throws IOException {
    SnapshotWriter.write(snapshot(), dir);
    assertThat(Files.readString(dir.resolve("MANIFEST")))
        .isEqualTo(
            "# jtrace ABI snapshot, see docs/ABI-SNAPSHOT.md\n"
                + "kernel\t6.12.3\n"
                + "source\ta.h\taa\n"
                + "source\tz.h\tbb\n");
    assertThat(Files.readString(dir.resolve("headers/include/uapi/linux/x.h.facts")))
        .isEqualTo(
            """
            include\tinclude/uapi/linux/types.h
            define\tX_ONE\t1\t1
            define\tX_ALL\t-1\t(~0ULL)
            define\tX_STR\t?\t"s"
            ioctlfn\tX_GET\tlen\t2147506177\t_IOC(_IOC_READ, 'X', 1, len)
            enum\t-\tX_A\t0
            struct\tx_s\t16
            errno\tEX\t200\tMade up
            """);
    assertThat(Files.readString(dir.resolve("syscalls/x86_64.facts")))
        .isEqualTo("# x86_64 from arch/x86/entry/syscalls/syscall_64.tbl\n0\tread\n1\twrite\n");
    assertThat(Files.readString(dir.resolve("formats/raw_syscalls/sys_exit.facts")))
        .isEqualTo(
            "id\t442\n"
                + "field\t16\t8\t1\t0\t0\t0\tret\tlong\n"
                + "print\t\"NR %ld = %ld\", REC->id, REC->ret\n");
  }

  @Test
  void withoutTracefsTheFormatsAreKept() throws IOException {
    SnapshotWriter.write(snapshot(), dir);
    AbiSnapshot s = snapshot();
    AbiSnapshot noFormats =
        new AbiSnapshot(
            s.kernelVersion(),
            s.headers(),
            s.syscallTables(),
            Map.of(),
            List.of(new SourceFile("a.h", "cc")));
    Files.writeString(
        dir.resolve("MANIFEST"),
        Files.readString(dir.resolve("MANIFEST"))
            + "source\ttracefs/events/raw_syscalls/sys_exit/format\tdd\n");
    SnapshotWriter.write(noFormats, dir, true);
    assertThat(Files.exists(dir.resolve("formats/raw_syscalls/sys_exit.facts"))).isTrue();
    assertThat(Files.readString(dir.resolve("MANIFEST")))
        .isEqualTo(
            "# jtrace ABI snapshot, see docs/ABI-SNAPSHOT.md\n"
                + "kernel\t6.12.3\n"
                + "source\ta.h\tcc\n"
                + "source\ttracefs/events/raw_syscalls/sys_exit/format\tdd\n");
  }

  @Test
  void rewritingRemovesStaleFilesAndKeepsTracked() throws IOException {
    Files.writeString(dir.resolve("TRACKED"), "include/uapi/linux/x.h\n");
    Files.createDirectories(dir.resolve("headers/include/uapi/linux"));
    Files.writeString(dir.resolve("headers/include/uapi/linux/gone.h.facts"), "define\tG\t1\t1\n");
    SnapshotWriter.write(snapshot(), dir);
    assertThat(Files.exists(dir.resolve("headers/include/uapi/linux/gone.h.facts"))).isFalse();
    assertThat(Files.readString(dir.resolve("TRACKED"))).isEqualTo("include/uapi/linux/x.h\n");
    String first = Files.readString(dir.resolve("headers/include/uapi/linux/x.h.facts"));
    SnapshotWriter.write(snapshot(), dir);
    assertThat(Files.readString(dir.resolve("headers/include/uapi/linux/x.h.facts")))
        .isEqualTo(first);
  }
}
