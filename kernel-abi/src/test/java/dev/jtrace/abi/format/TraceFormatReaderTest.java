package dev.jtrace.abi.format;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jtrace.abi.model.EventFormat;
import dev.jtrace.abi.model.FormatField;
import dev.jtrace.abi.snapshot.SnapshotWriter;
import org.junit.jupiter.api.Test;

class TraceFormatReaderTest {
  private static final String OPENAT =
      """
      name: sys_enter_openat
      ID: 782
      format:
      \tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;
      \tfield:unsigned char common_flags;\toffset:2;\tsize:1;\tsigned:0;
      \tfield:unsigned char common_preempt_count;\toffset:3;\tsize:1;\tsigned:0;
      \tfield:int common_pid;\toffset:4;\tsize:4;\tsigned:1;

      \tfield:int __syscall_nr;\toffset:8;\tsize:4;\tsigned:1;
      \tfield:int dfd;\toffset:16;\tsize:8;\tsigned:0;
      \tfield:const char __attribute__((btf_type_tag("user"))) * filename;\toffset:24;\tsize:8;\tsigned:0;
      \tfield:__data_loc char[] __filename_val;\toffset:32;\tsize:4;\tsigned:0;
      \tfield:char comm[16];\toffset:36;\tsize:16;\tsigned:0;

      print fmt: "dfd: 0x%08lx, filename: 0x%08lx", ((unsigned long)(REC->dfd)), ((unsigned long)(REC->filename))
      """;

  @Test
  void readsFieldsAndPrintFormat() {
    EventFormat f = TraceFormatReader.parse("openat/format", "syscalls", OPENAT);
    assertThat(f.name()).isEqualTo("sys_enter_openat");
    assertThat(f.id()).isEqualTo(782);
    assertThat(f.fields())
        .containsExactly(
            new FormatField("unsigned short", "common_type", 0, false, 0, 2, false, true),
            new FormatField("unsigned char", "common_flags", 0, false, 2, 1, false, true),
            new FormatField("unsigned char", "common_preempt_count", 0, false, 3, 1, false, true),
            new FormatField("int", "common_pid", 0, false, 4, 4, true, true),
            new FormatField("int", "__syscall_nr", 0, false, 8, 4, true, false),
            new FormatField("int", "dfd", 0, false, 16, 8, false, false),
            new FormatField("const char *", "filename", 0, false, 24, 8, false, false),
            new FormatField("char", "__filename_val", -1, true, 32, 4, false, false),
            new FormatField("char", "comm", 16, false, 36, 16, false, false))
        .inOrder();
    assertThat(f.printFormat())
        .startsWith("\"dfd: 0x%08lx, filename: 0x%08lx\", ((unsigned long)(REC->dfd))");
  }

  @Test
  void goldenFacts() {
    String facts = SnapshotWriter.format(TraceFormatReader.parse("f", "syscalls", OPENAT));
    assertThat(facts).contains("field\t24\t8\t0\t0\t0\t0\tfilename\tconst char *\n");
    assertThat(facts).contains("field\t32\t4\t0\t-1\t1\t0\t__filename_val\tchar\n");
    assertThat(facts).startsWith("id\t782\nfield\t0\t2\t0\t0\t0\t1\tcommon_type\tunsigned short\n");
  }

  @Test
  void printFormatMaySpanLines() {
    String twoLines = OPENAT.replace("print fmt: \"dfd: 0x%08lx,", "print fmt: \"dfd:\n0x%08lx,");
    EventFormat f = TraceFormatReader.parse("f", "syscalls", twoLines);
    assertThat(f.printFormat()).startsWith("\"dfd:\n0x%08lx,");
    assertThat(SnapshotWriter.format(f)).contains("\nprint\t\"dfd:\\n0x%08lx,");
  }

  @Test
  void malformedLinesNamePosition() {
    String badOffset = OPENAT.replace("offset:16;", "offset:x16;");
    FormatSyntaxException e =
        assertThrows(
            FormatSyntaxException.class,
            () ->
                TraceFormatReader.parse(
                    "events/syscalls/sys_enter_openat/format", "syscalls", badOffset));
    assertThat(e).hasMessageThat().startsWith("events/syscalls/sys_enter_openat/format:10:");
    assertThat(e).hasMessageThat().contains("expected a number");

    String noId = OPENAT.replace("ID: 782\n", "");
    e =
        assertThrows(
            FormatSyntaxException.class, () -> TraceFormatReader.parse("f", "syscalls", noId));
    assertThat(e).hasMessageThat().isEqualTo("f:2:1: expected 'ID:', found 'format:'");

    String noName = OPENAT.replace("int dfd;", "int;");
    e =
        assertThrows(
            FormatSyntaxException.class, () -> TraceFormatReader.parse("f", "syscalls", noName));
    assertThat(e)
        .hasMessageThat()
        .isEqualTo("f:10:8: expected '<type> <name>' in the field declaration, found 'int'");
  }
}
