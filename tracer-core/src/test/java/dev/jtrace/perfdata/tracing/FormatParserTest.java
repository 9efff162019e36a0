package dev.jtrace.perfdata.tracing;

import static com.google.common.truth.Truth.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The one tracefs format parser, for perf.data's tracing data and the live tracer's format files
 * alike.
 */
class FormatParserTest {
  private static final String OPENAT =
      String.join(
          "\n",
          "name: sys_enter_openat",
          "ID: 700",
          "format:",
          "\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;",
          "\tfield:int common_pid;\toffset:4;\tsize:4;\tsigned:1;",
          "",
          "\tfield:int __syscall_nr;\toffset:8;\tsize:4;\tsigned:1;",
          "\tfield:int dfd;\toffset:16;\tsize:8;\tsigned:0;",
          "\tfield:const char * filename;\toffset:24;\tsize:8;\tsigned:0;",
          "\tfield:long args[6];\toffset:32;\tsize:48;\tsigned:1;",
          "",
          "print fmt: \"dfd: 0x%08lx\", ((unsigned long)(REC->dfd))",
          "");

  @Test
  void fieldLinesGiveNameOffsetSizeSignednessAndTheCommonSplit() {
    TracepointFormat f = FormatParser.parse("syscalls", OPENAT);
    assertThat(f.fullName()).isEqualTo("syscalls:sys_enter_openat");
    assertThat(f.id()).isEqualTo(700);
    assertThat(f.fields()).hasSize(6);
    assertThat(f.field("__syscall_nr"))
        .isEqualTo(
            new FieldFormat(
                "int __syscall_nr", "__syscall_nr", 8, 4, true, false, 0, false, false));
    assertThat(f.field("common_pid").common()).isTrue();
    assertThat(f.field("filename").isPointer()).isTrue();
    assertThat(f.field("args").arrayLength()).isEqualTo(6);
    assertThat(f.field("args").elementSize()).isEqualTo(8);
    assertThat(f.eventFields().stream().map(FieldFormat::name).toList())
        .containsExactly("__syscall_nr", "dfd", "filename", "args")
        .inOrder();
  }
}
