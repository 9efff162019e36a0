package dev.jtrace.perfdata.script;

import dev.jtrace.dwarf.InlineInfo;
import dev.jtrace.perfdata.read.CommRecord;
import dev.jtrace.perfdata.read.MmapRecord;
import dev.jtrace.perfdata.read.PerfHeader;
import dev.jtrace.perfdata.read.PerfRecord;
import dev.jtrace.perfdata.read.Sample;
import dev.jtrace.perfdata.read.TaskRecord;
import dev.jtrace.symbols.Frame;
import dev.jtrace.symbols.Symbolizer;
import java.io.StringReader;

/**
 * The callchains of a recording as perf script prints them ({@code \t<addr> sym+0xoff (dso)} per
 * frame, a blank line after the stack), the symbolizer's mappings following the file's MMAP, FORK
 * and exec records.
 */
public final class ScriptCallchain {
  private final Symbolizer symbolizer;
  private final Frame frame = new Frame();
  private final String[] inlined = new String[InlineInfo.MAX_DEPTH];

  private final SampleStacks stacks;

  public ScriptCallchain(Symbolizer symbolizer) {
    this.symbolizer = symbolizer;
    this.stacks = new SampleStacks(symbolizer);
  }

  /** Keeps the mappings current: call with every record in file order. */
  /**
   * Names kernel frames by the recording's kallsyms listing (its tracing data) when it has one,
   * else by this machine's.
   */
  public static void kallsymsOf(Symbolizer symbolizer, PerfHeader header) {
    String text = header.tracingData() == null ? null : header.tracingData().kallsyms();
    if (text != null && !text.isBlank()) {
      symbolizer.kallsyms(new StringReader(text));
    }
  }

  /** See {@link #kallsymsOf(Symbolizer, PerfHeader)}. */
  public void kallsymsOf(PerfHeader header) {
    kallsymsOf(symbolizer, header);
  }

  public static void follow(Symbolizer symbolizer, PerfRecord r) {
    switch (r) {
      case MmapRecord m -> {
        if ((m.prot() & PROT_EXEC) != 0 || !m.mmap2()) {
          symbolizer.mmap(m.pid(), m.address(), m.length(), m.pgoff(), m.filename(), null);
        }
      }
      case TaskRecord t -> {
        if (t.fork()) {
          symbolizer.fork(t.ppid(), t.pid());
        }
      }
      case CommRecord c -> {
        if (c.exec() && c.pid() == c.tid()) {
          symbolizer.exec(c.pid());
        }
      }
      default -> {}
    }
  }

  private static final int PROT_EXEC = 4;

  public void follow(PerfRecord r) {
    follow(symbolizer, r);
  }

  /** Appends the sample's callchain, if it has one, after its line (which ends with a newline). */
  public void append(StringBuilder sb, Sample s) {
    long[] chain = stacks.callchain(s);
    if (chain == null) {
      return;
    }
    // perf script lists the inlined functions of the frames it unwound itself (DWARF), not of a
    // recorded callchain's
    boolean unwound = chain != s.callchain();
    boolean kernel = false;
    boolean caller = false;
    for (long ip : chain) {
      if (ip >= Symbolizer.CONTEXT_MAX && ip < 0) {
        kernel = ip == Symbolizer.CONTEXT_KERNEL;
        continue;
      }
      boolean known = symbolizer.resolve(s.pid(), ip, kernel, frame);
      int n = known && unwound && !kernel ? symbolizer.inlined(frame, caller, inlined) : 0;
      caller |= !kernel;
      for (int k = 0; k < n; k++) {
        appendFrame(sb, true, inlined[k]);
      }
      if (n == 0) {
        appendFrame(sb, known, frame.symbol());
      }
    }
    sb.append('\n');
  }

  /**
   * One frame's line; {@code name}, when it is not the frame's symbol, a function the DWARF says is
   * inlined there (perf gives it the symbol's offset and no binary).
   */
  private void appendFrame(StringBuilder sb, boolean known, String name) {
    String addr = Long.toHexString(frame.mapped());
    sb.append('\t').repeat(' ', Math.max(0, 16 - addr.length())).append(addr).append(' ');
    if (!known) {
      sb.append("[unknown]");
    } else {
      sb.append(name).append("+0x").append(Long.toHexString(frame.offset()));
      if (!name.equals(frame.symbol())) {
        sb.append(" (inlined)\n");
        return;
      }
    }
    sb.append(" (").append(frame.dso() != null ? frame.dso() : "[unknown]").append(")\n");
  }
}
