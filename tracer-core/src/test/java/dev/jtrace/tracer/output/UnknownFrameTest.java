package dev.jtrace.tracer.output;

import static com.google.common.truth.Truth.assertThat;

import dev.jtrace.symbols.Frame;
import dev.jtrace.symbols.Symbolizer;
import org.junit.jupiter.api.Test;

/**
 * A frame no symbol holds prints as perf trace prints it ({@code [%#lx]} of the address in its
 * binary): {@code [0x1a2c]} in a file at its file offset, the address itself in anonymous code
 * (whose binary is the JIT map file's name), {@code [0]} with no mapping, and the vdso's offset.
 */
class UnknownFrameTest {
  private static String unknown(Symbolizer s, long address, Frame f) {
    assertThat(s.resolve(7, address, false, f)).isFalse();
    StringBuilder b = new StringBuilder();
    StackPrinter.appendUnknown(b, f);
    return b.append(" (").append(f.dso() != null ? f.dso() : "[unknown]").append(')').toString();
  }

  @Test
  void unknownFramesPrintAsPerfTrace() {
    Symbolizer s = Symbolizer.replay();
    s.mmap(7, 0x10000, 0x4000, 0x1000, "/nonexistent/stacks", null);
    s.mmap(7, 0x900000, 0x2000, 0, "//anon", null);
    s.mmap(7, 0x7f0000, 0x2000, 0, "[vdso]", null);
    Frame f = new Frame();
    assertThat(unknown(s, 0x10a2c, f)).isEqualTo("[0x1a2c] (/nonexistent/stacks)");
    assertThat(unknown(s, 0x900010, f)).isEqualTo("[0x900010] (/tmp/perf-7.map)");
    assertThat(unknown(s, 0x7f0123, f)).isEqualTo("[0x123] ([vdso])");
    assertThat(unknown(s, 0x5000, f)).isEqualTo("[0] ([unknown])");
    assertThat(unknown(s, 0, f)).isEqualTo("[0] ([unknown])");
  }
}
