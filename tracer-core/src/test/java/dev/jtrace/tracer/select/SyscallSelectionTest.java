package dev.jtrace.tracer.select;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SyscallSelectionTest {
  private static final SyscallNames NAMES =
      new SyscallNames(
          Map.of(0, "read", 1, "write", 2, "open", 3, "close", 35, "nanosleep", 41, "socket", 42,
              "connect", 43, "accept", 230, "clock_nanosleep", 257, "openat"));

  private static SyscallSelection.Selection parse(String e) throws Exception {
    return SyscallSelection.parse(e, NAMES);
  }

  @Test
  void namesAndCommaLists() throws Exception {
    var s = parse("read,close");
    assertThat(s.listed()).containsExactly(0, 3);
    assertThat(s.negated()).isFalse();
    assertThat(s.contains(0)).isTrue();
    assertThat(s.contains(1)).isFalse();
  }

  @Test
  void globs() throws Exception {
    assertThat(parse("open*").listed()).containsExactly(2, 257);
    assertThat(parse("*sleep").listed()).containsExactly(35, 230);
    assertThat(parse("?lose").listed()).containsExactly(3);
  }

  @Test
  void negationAppliesToTheWholeList() throws Exception {
    var s = parse("!open*,read");
    assertThat(s.negated()).isTrue();
    assertThat(s.contains(0)).isFalse();
    assertThat(s.contains(257)).isFalse();
    assertThat(s.contains(3)).isTrue();
  }

  @Test
  void straceGroups() throws Exception {
    assertThat(parse("network").listed()).containsExactly(41, 42, 43);
    assertThat(parse("%file").listed()).containsExactly(2, 257);
    assertThat(parse("desc").listed()).containsAtLeast(0, 1, 3, 257);
  }

  @Test
  void numbers() throws Exception {
    assertThat(parse("110,syscall_39").listed()).containsExactly(110, 39);
  }

  @Test
  void unknownNamesAreErrors() {
    var e = assertThrows(SyscallSelection.BadExpression.class, () -> parse("opne"));
    assertThat(e).hasMessageThat().contains("'opne'");
    assertThrows(SyscallSelection.BadExpression.class, () -> parse("zz*"));
    assertThrows(SyscallSelection.BadExpression.class, () -> parse(","));
  }
}
