package dev.jtrace.tracer.options;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class TraceOptionsParserTest {
  private static TraceOptions parse(String... a) throws Exception {
    return TraceOptionsParser.parse(a);
  }

  @Test
  void perfTraceOptions() throws Exception {
    TraceOptions o =
        parse("-s", "--errno-summary", "-e", "open*", "--duration", "1.5", "-m", "64", "-o", "f",
            "--max-events=10", "--no-comm", "-T", "--", "ls", "-l");
    assertThat(o.command()).containsExactly("ls", "-l").inOrder();
    assertThat(o.summaryOnly()).isTrue();
    assertThat(o.errnoSummary()).isTrue();
    assertThat(o.expr()).isEqualTo("open*");
    assertThat(o.durationMs()).isEqualTo(1.5);
    assertThat(o.mmapPages()).isEqualTo(64);
    assertThat(o.output()).isEqualTo("f");
    assertThat(o.maxEvents()).isEqualTo(10);
    assertThat(o.comm()).isFalse();
    assertThat(o.absoluteTime()).isTrue();
  }

  @Test
  void targets() throws Exception {
    assertThat(parse("-p", "1,2").pids()).containsExactly(1, 2);
    assertThat(parse("-p12").pids()).containsExactly(12);
    assertThat(parse("-a").systemWide()).isTrue();
    assertThat(parse("-C", "0-1").systemWide()).isTrue();
    assertThat(parse("true").command()).isEqualTo(List.of("true"));
  }

  @Test
  void mmapPagesTakeSizesAndRoundUp() throws Exception {
    assertThat(TraceOptionsParser.pages("3")).isEqualTo(4);
    assertThat(TraceOptionsParser.pages("8M")).isEqualTo(2048);
    assertThat(TraceOptionsParser.pages("64K")).isEqualTo(16);
  }

  @Test
  void badOptionsSayWhat() {
    assertThat(assertThrows(TraceOptionsParser.BadOption.class, () -> parse("--nope", "--", "ls")))
        .hasMessageThat().isEqualTo("unknown option --nope (see jtrace --help)");
    assertThat(assertThrows(TraceOptionsParser.BadOption.class, () -> parse("-p", "x")))
        .hasMessageThat().contains("'x' is not a pid");
    assertThat(assertThrows(TraceOptionsParser.BadOption.class, () -> parse("--duration")))
        .hasMessageThat().contains("needs a value");
    assertThat(assertThrows(TraceOptionsParser.BadOption.class, () -> parse("-p", "1", "-t", "2")))
        .hasMessageThat().isEqualTo("choose one target: -p, -t or -u");
  }

  @Test
  void perfHabitsAreAccepted() throws Exception {
    // no target, no command: system-wide (resolved later, by Targets)
    assertThat(parse("-e", "futex", "--duration", "1").durationMs()).isEqualTo(1.0);
    // a target next to a command: the command times the run
    TraceOptions o = parse("-s", "-u", "named", "-e", "*msg,futex", "sleep", "2");
    assertThat(o.user()).isEqualTo("named");
    assertThat(o.command()).containsExactly("sleep", "2").inOrder();
  }
}
