package dev.jtrace.tracer.select;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jtrace.beauty.Arch;
import dev.jtrace.beauty.SyscallBeautifier;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SyscallSelectionTest {
  private static final SyscallNames NAMES =
      new SyscallNames(
          Map.of(
              0,
              "read",
              1,
              "write",
              2,
              "open",
              3,
              "close",
              35,
              "nanosleep",
              41,
              "socket",
              42,
              "connect",
              43,
              "accept",
              230,
              "clock_nanosleep",
              257,
              "openat"));

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
  void aLeadingNegationStartsFromEverySyscall() throws Exception {
    var s = parse("!close");
    assertThat(s.negated()).isTrue();
    assertThat(s.listed()).containsExactly(3);
    assertThat(s.contains(3)).isFalse();
    assertThat(s.contains(0)).isTrue();
  }

  @Test
  void negationAppliesPerElementLeftToRight() throws Exception {
    // the README's own example: the file group but close
    var fileButClose = parse("file,!close");
    assertThat(fileButClose.negated()).isFalse();
    assertThat(fileButClose.listed()).containsExactly(2, 257);
    assertThat(parse("open*,!openat").listed()).containsExactly(2);
    assertThat(parse("desc,!read,!write").contains(0)).isFalse();
    assertThat(parse("desc,!read,!write").contains(3)).isTrue();
    // everything but open*, read back in (a later positive element undoes an exclusion)
    var s = parse("!open*,read,!connect");
    assertThat(s.negated()).isTrue();
    assertThat(s.listed()).containsExactly(2, 257, 42);
    assertThat(s.contains(0)).isTrue();
    assertThat(parse("!open*,openat").listed()).containsExactly(2);
  }

  @Test
  void straceTraceQualifier() throws Exception {
    assertThat(parse("trace=%file,!close").listed()).containsExactly(2, 257);
    assertThat(parse("trace=%network,trace=!accept").listed()).containsExactly(41, 42);
    assertThat(parse("trace=!%desc").negated()).isTrue();
    assertThat(parse("trace=%process,trace=%network").listed()).containsExactly(41, 42, 43);
  }

  @Test
  void credsAndClockGroupsResolveOnARealArch() throws Exception {
    SyscallNames x86 =
        SyscallNames.of(SyscallBeautifier.forArch(Arch.parse("x86_64").orElseThrow()));
    var creds = SyscallSelection.parse("trace=%creds", x86);
    assertThat(creds.listed())
        .containsAtLeast(
            x86.byName().get("getuid"), x86.byName().get("setresgid"), x86.byName().get("capset"));
    assertThat(creds.listed()).doesNotContain(x86.byName().get("read"));
    var clockButTime = SyscallSelection.parse("clock,!time", x86);
    assertThat(clockButTime.listed()).contains(x86.byName().get("clock_gettime"));
    assertThat(clockButTime.listed()).doesNotContain(x86.byName().get("time"));
    assertThat(clockButTime.listed()).doesNotContain(x86.byName().get("clock_nanosleep"));
  }

  @Test
  void excludingNothingSelectsEverySyscallAndIncludingNothingIsAnError() throws Exception {
    assertThat(parse("!close,close")).isNull();
    var e = assertThrows(SyscallSelection.BadExpression.class, () -> parse("close,!close"));
    assertThat(e).hasMessageThat().isEqualTo("-e 'close,!close' selects no syscall");
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
