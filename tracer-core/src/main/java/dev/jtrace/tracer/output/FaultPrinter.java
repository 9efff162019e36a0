package dev.jtrace.tracer.output;

import dev.jtrace.symbols.Frame;
import dev.jtrace.symbols.Symbolizer;
import dev.jtrace.tracer.event.PageFault;

/**
 * A page fault as perf trace -F prints it after the line's head: {@code majfault [where] => what
 * (tl)}, where is the faulting instruction's symbol and offset, what the address by the mapping
 * that holds it ({@code /usr/lib/libc.so.6@0x1e5f8}: the offset in the mapped file; {@code
 * [stack]@0x7ffd…}: anonymous memory, the heap and the stack by the address itself), t is {@code d}
 * when a mapping holds the address and {@code ?} when none does, l is where the fault was taken
 * ({@code .} user, {@code k} kernel). A fault the kernel takes (copying to user memory) names no
 * mapping for its address, as perf's does: {@code (?k)}.
 *
 * <p>One difference from perf 6.1: where no mapping holds the instruction, perf prints the faulting
 * address in the brackets instead of the instruction's; jtrace prints the instruction.
 */
public final class FaultPrinter {
  private final Symbolizer symbolizer;
  private final Frame frame = new Frame();

  public FaultPrinter(Symbolizer symbolizer) {
    this.symbolizer = symbolizer;
  }

  /** Appends {@code majfault [sym+0xoff] => dso@0xoff (d.)}. */
  public void appendText(StringBuilder line, PageFault f) {
    line.append(f.major() ? "majfault [" : "minfault [");
    boolean symbol = symbolizer.resolve(f.pid(), f.ip(), f.kernel(), frame);
    if (symbol) {
      line.append(frame.symbol()).append("+0x").append(Long.toHexString(frame.offset()));
    } else {
      line.append("0x").append(Long.toHexString(frame.dso() != null ? frame.mapped() : f.ip()));
    }
    line.append("] => ");
    boolean mapped = !f.kernel() && symbolizer.locate(f.pid(), f.address(), frame);
    if (mapped) {
      line.append(frame.dso()).append('@');
    }
    line.append("0x").append(Long.toHexString(mapped ? frame.mapped() : f.address()));
    line.append(" (").append(mapped ? 'd' : '?').append(f.kernel() ? 'k' : '.').append(')');
  }

  /**
   * Appends the fault's fields to a JSON object: {@code "event":"majfault","ip":"0x…","sym":…,
   * "off":…,"dso":…,"addr":"0x…","map":…,"map_off":"0x…","kernel":false}; unknown names are null.
   */
  public void appendJson(StringBuilder line, PageFault f) {
    line.append(",\"event\":\"").append(f.major() ? "majfault" : "minfault").append('"');
    boolean symbol = symbolizer.resolve(f.pid(), f.ip(), f.kernel(), frame);
    line.append(",\"ip\":\"0x").append(Long.toHexString(f.ip())).append("\",\"sym\":");
    StackPrinter.jsonString(line, symbol ? frame.symbol() : null);
    line.append(",\"off\":").append(symbol ? frame.offset() : 0).append(",\"dso\":");
    StackPrinter.jsonString(line, frame.dso());
    boolean mapped = !f.kernel() && symbolizer.locate(f.pid(), f.address(), frame);
    line.append(",\"addr\":\"0x").append(Long.toHexString(f.address())).append("\",\"map\":");
    StackPrinter.jsonString(line, mapped ? frame.dso() : null);
    if (mapped) {
      line.append(",\"map_off\":\"0x").append(Long.toHexString(frame.mapped())).append('"');
    }
    line.append(",\"kernel\":").append(f.kernel());
  }
}
