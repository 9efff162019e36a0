package dev.jtrace.tracer.perf;

import static com.google.common.truth.Truth.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TracepointFieldTest {
  @Test
  void parsesFieldLines() {
    List<TracepointField> f =
        TracepointField.parseFormat(
            List.of(
                "name: sys_enter_openat",
                "format:",
                "\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;",
                "\tfield:int __syscall_nr;\toffset:8;\tsize:4;\tsigned:1;",
                "\tfield:const char * filename;\toffset:24;\tsize:8;\tsigned:0;",
                "\tfield:long args[6];\toffset:16;\tsize:48;\tsigned:1;",
                "print fmt: \"...\""));
    assertThat(f).hasSize(4);
    assertThat(f.get(1)).isEqualTo(new TracepointField("int __syscall_nr", "__syscall_nr", 8, 4, true));
    assertThat(f.get(2).name()).isEqualTo("filename");
    assertThat(f.get(3).name()).isEqualTo("args");
    assertThat(f.get(3).size()).isEqualTo(48);
  }

  @Test
  void cpuLists() {
    assertThat(OnlineCpus.parse("0-2,5")).containsExactly(0, 1, 2, 5).inOrder();
  }
}
