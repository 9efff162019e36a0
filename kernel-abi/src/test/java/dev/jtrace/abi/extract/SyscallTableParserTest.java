package dev.jtrace.abi.extract;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jtrace.abi.cheader.HeaderSyntaxException;
import dev.jtrace.abi.model.SyscallEntry;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SyscallTableParserTest {
  private static final String TABLE =
      """
      # comment
      0\tcommon\tread\t\t\tsys_read
      1\t64\twrite\t\t\tsys_write

      2\tx32\tx32only\t\t\tcompat_sys_x
      3\tcommon\tclose\t\t\tsys_close   # trailing comment
      """;

  @Test
  void keepsTheAbisAsked() {
    assertThat(SyscallTableParser.parse("t.tbl", TABLE, Set.of("common", "64"), 0))
        .containsExactly(
            new SyscallEntry(0, "read"), new SyscallEntry(1, "write"), new SyscallEntry(3, "close"))
        .inOrder();
  }

  @Test
  void addsTheBase() {
    assertThat(SyscallTableParser.parse("t.tbl", TABLE, Set.of("x32"), 5000))
        .containsExactly(new SyscallEntry(5002, "x32only"));
  }

  @Test
  void malformedRowsNamePosition() {
    HeaderSyntaxException e =
        assertThrows(
            HeaderSyntaxException.class,
            () ->
                SyscallTableParser.parse(
                    "t.tbl", "0\tcommon\tread\n  x1\tcommon\tbad\n", Set.of("common"), 0));
    assertThat(e).hasMessageThat().isEqualTo("t.tbl:2:3: expected a syscall number, found 'x1'");
    e =
        assertThrows(
            HeaderSyntaxException.class,
            () -> SyscallTableParser.parse("t.tbl", "7\tcommon\n", Set.of("common"), 0));
    assertThat(e).hasMessageThat().isEqualTo("t.tbl:1:9: expected <number> <abi> <name>");
  }
}
