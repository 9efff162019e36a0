package dev.jtrace.cli.args;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jtrace.cli.args.Options.Option;
import java.util.List;
import org.junit.jupiter.api.Test;

class OptionsTest {
  private final Options spec =
      new Options("demo", "usage: demo [<options>] [-- <command>]", Options.Rest.COMMAND);
  private final Option<Boolean> all = spec.flag("-a, --all", "everything");
  private final Option<Boolean> sum = spec.flag("-s, --summary", "a summary");
  private final Option<List<Integer>> pid =
      spec.repeated("-p, --pid", "pid,...", "processes", Values::ids);
  private final Option<Long> max = spec.value("--max", "n", "at most n", Values::nonNegativeLong);
  private final Option<Boolean> comm = spec.toggle("--comm", "--no-comm", "the comm");
  private final Option<Boolean> allOfIt = spec.flag("--all-of-it", "even more");

  @Test
  void perfSpellingsOfAValue() throws BadArgs {
    for (String[] args :
        List.of(
            new String[] {"--pid=7"},
            new String[] {"--pid", "7"},
            new String[] {"-p7"},
            new String[] {"-p", "7"})) {
      ParsedArgs a = spec.parse(args);
      assertThat(a.all(pid)).containsExactly(List.of(7));
    }
  }

  @Test
  void bundledShortFlagsAndAValueAtTheEnd() throws BadArgs {
    ParsedArgs a = spec.parse(new String[] {"-asp3"});
    assertThat(a.flag(all, false)).isTrue();
    assertThat(a.flag(sum, false)).isTrue();
    assertThat(a.all(pid)).containsExactly(List.of(3));
    assertThat(a.spelling(pid)).isEqualTo("-p");
  }

  @Test
  void repeatedKeepsEachInOrderAndValueKeepsTheLast() throws BadArgs {
    ParsedArgs a = spec.parse(new String[] {"-p", "1,2", "--pid=3", "--max", "5", "--max=6"});
    assertThat(a.all(pid)).containsExactly(List.of(1, 2), List.of(3)).inOrder();
    assertThat(a.get(max, 0L)).isEqualTo(6L);
  }

  @Test
  void aLongNameMayBeCutShortWhileItNamesOneOption() throws BadArgs {
    ParsedArgs a = spec.parse(new String[] {"--su", "--ma=4", "--no-c"});
    assertThat(a.flag(sum, false)).isTrue();
    assertThat(a.get(max, 0L)).isEqualTo(4L);
    assertThat(a.flag(comm, true)).isFalse();
    assertThat(a.spelling(max)).isEqualTo("--max");
    assertThat(error("--a")).isEqualTo("demo: option --a is ambiguous: --all, --all-of-it");
    assertThat(spec.parse(new String[] {"--all-of"}).flag(allOfIt, false)).isTrue();
    assertThat(spec.parse(new String[] {"--all"}).flag(allOfIt, false)).isFalse();
  }

  @Test
  void toggleLastWinsAndDefaultsWhenAbsent() throws BadArgs {
    assertThat(spec.parse(new String[] {}).flag(comm, true)).isTrue();
    assertThat(spec.parse(new String[] {"--no-comm"}).flag(comm, true)).isFalse();
    assertThat(spec.parse(new String[] {"--no-comm", "--comm"}).flag(comm, true)).isTrue();
  }

  @Test
  void commandStartsAtTheFirstNonOptionOrAfterDashDash() throws BadArgs {
    assertThat(spec.parse(new String[] {"-a", "ls", "-l"}).rest())
        .containsExactly("ls", "-l")
        .inOrder();
    assertThat(spec.parse(new String[] {"-a", "--", "-weird", "x"}).rest())
        .containsExactly("-weird", "x")
        .inOrder();
    assertThat(spec.parse(new String[] {"-"}).rest()).containsExactly("-");
  }

  @Test
  void aValueIsTheNextArgumentWhateverItLooksLike() {
    // perf: -o - writes to stdout; so --max -- hands "--" to --max's parser
    assertThat(error("--max", "--", "x")).isEqualTo("demo: --max: not a number: --");
  }

  @Test
  void helpStopsParsing() throws BadArgs {
    assertThat(spec.parse(new String[] {"-a", "--help", "--bogus"}).helpAsked()).isTrue();
    assertThat(spec.parse(new String[] {"-h"}).helpAsked()).isTrue();
  }

  @Test
  void errorsAreOneLineInOneWording() {
    assertThat(error("--foo")).isEqualTo("demo: unknown option --foo (see demo --help)");
    assertThat(error("-x")).isEqualTo("demo: unknown option -x (see demo --help)");
    assertThat(error("-ax")).isEqualTo("demo: unknown option -x (see demo --help)");
    assertThat(error("-p")).isEqualTo("demo: option -p needs a value (pid,...)");
    assertThat(error("--max")).isEqualTo("demo: option --max needs a value (n)");
    assertThat(error("-p", "abc")).isEqualTo("demo: -p: not a number: abc");
    assertThat(error("--pid=1,0")).isEqualTo("demo: --pid: not a pid: 0");
    assertThat(error("--max=-1")).isEqualTo("demo: --max: not a count >= 0: -1");
    assertThat(error("--all=yes")).isEqualTo("demo: option --all takes no value");
  }

  @Test
  void operandsAndNoRest() throws BadArgs {
    Options tables = new Options("t", "usage: t", Options.Rest.OPERANDS);
    Option<String> arch = tables.value("--arch", "ARCH", "an arch", Values::text);
    ParsedArgs a = tables.parse(new String[] {"x", "--arch", "arm64", "y"});
    assertThat(a.rest()).containsExactly("x", "y").inOrder();
    assertThat(a.get(arch, null)).isEqualTo("arm64");
    Options none = new Options("n", "usage: n", Options.Rest.NONE);
    assertThat(assertThrows(BadArgs.class, () -> none.parse(new String[] {"stray"})))
        .hasMessageThat()
        .isEqualTo("n: unexpected argument stray (see n --help)");
  }

  @Test
  void helpListsEveryOptionFromTheSpec() {
    spec.alias("--old-max", max).footer("more text");
    assertThat(spec.help())
        .isEqualTo(
            """
            usage: demo [<options>] [-- <command>]
              -a, --all               everything
              -s, --summary           a summary
              -p, --pid <pid,...>     processes
                  --max <n>           at most n
                  --comm, --no-comm   the comm
                  --all-of-it         even more
              -h, --help              this text

            more text
            """);
  }

  @Test
  void aNameDeclaredTwiceIsAProgrammingError() {
    assertThrows(IllegalArgumentException.class, () -> spec.flag("-a, --again", "clash"));
  }

  private String error(String... args) {
    return assertThrows(BadArgs.class, () -> spec.parse(args)).getMessage();
  }
}
