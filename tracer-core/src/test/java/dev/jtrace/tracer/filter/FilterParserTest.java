package dev.jtrace.tracer.filter;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jtrace.beauty.Arch;
import dev.jtrace.beauty.SyscallBeautifier;
import dev.jtrace.beauty.SyscallSignature;
import dev.jtrace.tracer.filter.FilterExpr.Op;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The filter's syntax, its binding to signatures and tables, and its errors' columns. */
class FilterParserTest {
  private static final SyscallBeautifier X86 = SyscallBeautifier.forArch(Arch.X86_64);

  private static Map<Integer, BoundFilter> bind(String expr, String... syscalls)
      throws FilterException {
    Map<Integer, SyscallSignature> sigs = new java.util.HashMap<>();
    for (String s : syscalls) {
      int nr = X86.number(s);
      sigs.put(nr, X86.signature(nr));
    }
    return FilterResolver.bind(FilterParser.parse(expr), sigs, Arch.X86_64);
  }

  private static int column(String expr, String... syscalls) {
    return assertThrows(FilterException.class, () -> bind(expr, syscalls)).column();
  }

  @Test
  void precedenceIsNotThenAndThenOr() throws Exception {
    FilterExpr e = FilterParser.parse("fd == 1 || !fd == 2 && count > 4096");
    assertThat(e).isInstanceOf(FilterExpr.Or.class);
    FilterExpr.Or or = (FilterExpr.Or) e;
    assertThat(or.right()).isInstanceOf(FilterExpr.And.class);
    assertThat(((FilterExpr.And) or.right()).left()).isInstanceOf(FilterExpr.Not.class);
  }

  @Test
  void numbersReadAsInC() throws Exception {
    var c = (FilterExpr.Compare) FilterParser.parse("count >= 0x10");
    assertThat(c.value().number()).isEqualTo(16L);
    assertThat(c.op()).isEqualTo(Op.GE);
    c = (FilterExpr.Compare) FilterParser.parse("mode == 0644");
    assertThat(c.value().number()).isEqualTo(0644L);
    c = (FilterExpr.Compare) FilterParser.parse("fd == -100");
    assertThat(c.value().number()).isEqualTo(-100L);
  }

  @Test
  void bindsNamesToArgumentIndexesWidthsAndTableValues() throws Exception {
    int openat = X86.number("openat");
    BoundFilter f = bind("flags & CLOEXEC", "openat").get(openat);
    assertThat(f).isEqualTo(new BoundFilter.Compare(2, BoundFilter.Width.S32, 0x80000, Op.NE, 0));
    f = bind("dfd == AT_FDCWD", "openat").get(openat);
    assertThat(f).isEqualTo(new BoundFilter.Compare(0, BoundFilter.Width.S32, -1, Op.EQ, -100));
    int read = X86.number("read");
    f = bind("count > 4096", "read").get(read);
    assertThat(f).isEqualTo(new BoundFilter.Compare(2, BoundFilter.Width.U64, -1, Op.GT, 4096));
  }

  @Test
  void aTestOnAnArgumentASyscallLacksIsFalseThere() throws Exception {
    Map<Integer, BoundFilter> f = bind("filename ~ \"/etc/*\"", "openat", "close");
    assertThat(f.get(X86.number("close"))).isEqualTo(BoundFilter.FALSE);
    assertThat(f.get(X86.number("openat"))).isInstanceOf(BoundFilter.Glob.class);
    assertThat(bind("filename ~ \"/etc/*\" || fd == 3", "openat", "close").get(X86.number("close")))
        .isInstanceOf(BoundFilter.Compare.class);
    assertThat(bind("!filename ~ \"/etc/*\"", "openat", "close").get(X86.number("close")))
        .isEqualTo(BoundFilter.TRUE);
  }

  @Test
  void errorsPointAtTheColumn() {
    assertThat(column("fd == ", "read")).isEqualTo(7);
    assertThat(column("fd === 3", "read")).isEqualTo(6);
    assertThat(column("(fd == 3", "read")).isEqualTo(9);
    assertThat(column("fd == 3 && bogus > 1", "read")).isEqualTo(12);
    assertThat(column("flags & NOSUCH", "openat")).isEqualTo(9);
    assertThat(column("fd ~ \"x\"", "read")).isEqualTo(1);
    assertThat(column("filename ~ \"/etc/*", "openat")).isEqualTo(12);
    assertThat(column("filename ~ \"/etc/[a-z\"", "openat")).isEqualTo(18);
    assertThat(column("filename ~ \"*[z-a]*\"", "openat")).isEqualTo(15);
    assertThat(column("filename ~ \"*[aé]*\"", "openat")).isEqualTo(16);
    assertThat(column("", "read")).isEqualTo(1);
  }

  @Test
  void globsMatchHeadsTailsAndSingleBytes() throws Exception {
    assertThat(matches("/etc/*", "/etc/hostname")).isTrue();
    assertThat(matches("/etc/*", "/etc/")).isTrue();
    assertThat(matches("/etc/*", "/etc")).isFalse();
    assertThat(matches("/etc/*", "/proc/version")).isFalse();
    assertThat(matches("*.so", "libc.so")).isTrue();
    assertThat(matches("*.so", "libc.so.6")).isFalse();
    assertThat(matches("/lib*.so.6", "/lib/x86_64-linux-gnu/libc.so.6")).isTrue();
    assertThat(matches("/etc/host?ame", "/etc/hostname")).isTrue();
    assertThat(matches("/etc/hostname", "/etc/hostname")).isTrue();
    assertThat(matches("/etc/hostname", "/etc/hostnames")).isFalse();
    assertThat(matches("ab*ba", "aba")).isFalse(); // head and tail may not overlap
    assertThat(matches("\\*", "*")).isTrue();
  }

  @Test
  void middleRunsMatchLeftmostInOrderBetweenTheEnds() throws Exception {
    assertThat(matches("*passwd*", "/etc/passwd")).isTrue();
    assertThat(matches("*passwd*", "/etc/passw")).isFalse();
    assertThat(matches("/etc/*/*.conf", "/etc/ssl/openssl.conf")).isTrue();
    assertThat(matches("/etc/*/*.conf", "/etc/x.conf")).isFalse();
    assertThat(matches("/usr/*lib*.so", "/usr/lib/libm.so")).isTrue();
    assertThat(matches("/usr/*lib*.so", "/usr/lib/libm.so.6")).isFalse();
    assertThat(matches("*ab*ba*", "aba")).isFalse(); // runs may not overlap
    assertThat(matches("*ab*ba*", "abba")).isTrue();
    assertThat(matches("a*b*a", "aba")).isTrue();
    assertThat(matches("a*bc*a", "abca")).isTrue();
    assertThat(matches("a*bc*a", "abcx")).isFalse();
    // a ? inside a run: the leftmost place is still the best one
    assertThat(matches("*a?c*c", "xabcxc")).isTrue();
    assertThat(matches("*a?c*c", "xabc")).isFalse();
    assertThat(matches("**a**", "a")).isTrue();
  }

  @Test
  void classesAreSetsOfBytesAsInFnmatch() throws Exception {
    assertThat(matches("/etc/[hp]*", "/etc/hostname")).isTrue();
    assertThat(matches("/etc/[hp]*", "/etc/os-release")).isFalse();
    assertThat(matches("*[0-9].so", "libx2.so")).isTrue();
    assertThat(matches("*[0-9].so", "libx.so")).isFalse();
    assertThat(matches("/etc/[!h]*", "/etc/hostname")).isFalse();
    assertThat(matches("/etc/[^h]*", "/etc/passwd")).isTrue();
    assertThat(matches("[]]", "]")).isTrue(); // a ] first is a member
    assertThat(matches("[!]]", "]")).isFalse();
    assertThat(matches("[a-]", "-")).isTrue(); // a - last is itself
    assertThat(matches("[\\]x]", "]")).isTrue();
    assertThat(matches("[\\]x]", "x")).isTrue();
    assertThat(matches("\\[a]", "[a]")).isTrue();
    assertThat(matches("[?*]", "*")).isTrue(); // no wildcards inside a class
    assertThat(matches("[?*]", "a")).isFalse();
    assertThat(matches("x[!a]", "x\u00e9")).isFalse(); // one byte: é is two in UTF-8
  }

  private static boolean matches(String glob, String s) throws FilterException {
    return GlobPattern.compile(glob, 0).matches(s.getBytes(StandardCharsets.UTF_8));
  }
}
