package dev.jtrace.cli;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jtrace.cli.args.BadArgs;
import dev.jtrace.cli.args.BadValue;
import dev.jtrace.tracer.options.CallGraph;
import dev.jtrace.tracer.options.TraceOptions;
import org.junit.jupiter.api.Test;

/** The call-graph options and -e's per-event qualifiers, as perf trace spells them. */
class CallGraphArgsTest {
  @Test
  void qualifiersComeOffTheNames() throws Exception {
    CallGraph.Builder g = CallGraph.builder();
    assertThat(
            CallGraphArgs.stripQualifiers(
                "getppid/max-stack=3/,close,*sleep/call-graph=dwarf,512/,open*", g))
        .isEqualTo("getppid,close,*sleep,open*");
    CallGraph graph = g.build();
    assertThat(graph.maxStackOf("getppid")).isEqualTo(3);
    assertThat(graph.maxStackOf("close")).isEqualTo(0);
    assertThat(graph.perEvent().get("*sleep").mode()).isEqualTo(CallGraph.Mode.DWARF);
    assertThat(graph.maxStackOf("nanosleep")).isEqualTo(CallGraph.DEFAULT_MAX_STACK);
    assertThat(graph.any()).isTrue();
  }

  @Test
  void badQualifiersSayWhatIsWrong() {
    BadValue unknown =
        assertThrows(
            BadValue.class,
            () -> CallGraphArgs.stripQualifiers("getppid/colour=red/", CallGraph.builder()));
    assertThat(unknown.getMessage())
        .isEqualTo("getppid/colour=red/: unknown qualifier colour (max-stack, call-graph)");
    BadValue open =
        assertThrows(
            BadValue.class,
            () -> CallGraphArgs.stripQualifiers("getppid/max-stack=3", CallGraph.builder()));
    assertThat(open.getMessage()).isEqualTo("no closing / after getppid/max-stack=3");
    BadArgs mode = assertThrows(BadArgs.class, () -> TraceCommand.options("--call-graph", "lbr"));
    assertThat(mode.getMessage()).contains("not fp, dwarf or dwarf,SIZE: lbr");
    BadArgs size =
        assertThrows(BadArgs.class, () -> TraceCommand.options("--call-graph", "dwarf,100"));
    assertThat(size.getMessage()).contains("multiple of 8");
  }

  @Test
  void optionsAsPerfTrace() throws Exception {
    TraceOptions o =
        TraceCommand.options("--call-graph", "fp", "--max-stack", "8", "--kernel-syscall-graph");
    assertThat(o.callGraph().mode()).isEqualTo(CallGraph.Mode.FP);
    assertThat(o.callGraph().maxStack()).isEqualTo(8);
    assertThat(o.callGraph().kernel()).isTrue();
    // a depth alone asks for frame-pointer stacks, as in perf trace
    assertThat(TraceCommand.options("--min-stack", "3").callGraph().mode())
        .isEqualTo(CallGraph.Mode.FP);
    assertThat(TraceCommand.options("-e", "read").callGraph().any()).isFalse();
    assertThat(TraceCommand.options("--call-graph", "dwarf,512").callGraph().dwarfStackSize())
        .isEqualTo(512);
  }
}
