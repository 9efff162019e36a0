package dev.jtrace.tracer.output;

import dev.jtrace.dwarf.InlineInfo;
import dev.jtrace.symbols.Frame;
import dev.jtrace.symbols.Symbolizer;
import dev.jtrace.tracer.event.BpfOutput;
import dev.jtrace.tracer.event.PageFault;
import dev.jtrace.tracer.event.SyscallEvent;
import dev.jtrace.tracer.event.TracepointSample;
import dev.jtrace.tracer.options.CallGraph;
import java.util.Arrays;
import java.util.function.IntFunction;

/**
 * A call's stack under its line, as perf trace prints it ({@code name (binary)}, one frame a line,
 * the functions the DWARF says are inlined at a frame before it as {@code name (inlined)}, indented
 * under the call; {@code [0x122c] (binary)} without a symbol, {@code [0] ([unknown])} without a
 * mapping), or as a JSON array of {@code {addr, sym, off, dso}}. Frames are resolved through the
 * {@link Symbolizer}'s caches into one reused {@link Frame}: a stack costs no allocation once its
 * binaries are read.
 */
public final class StackPrinter {
  /** perf trace's indent of a callchain under its syscall line. */
  private static final String INDENT = " ".repeat(39);

  private final Symbolizer symbolizer;
  private final CallGraph graph;
  private final IntFunction<String> syscallNames;
  private final Frame frame = new Frame();
  private final String[] inlined = new String[InlineInfo.MAX_DEPTH];

  /** Per syscall number, the frames printed (-1: not worked out yet, 0: no stack). */
  private int[] depthByNr = new int[0];

  /**
   * @param syscallNames the traced arch's syscall names by number (qualifiers name syscalls)
   */
  public StackPrinter(Symbolizer symbolizer, CallGraph graph, IntFunction<String> syscallNames) {
    this.symbolizer = symbolizer;
    this.graph = graph;
    this.syscallNames = syscallNames;
  }

  /** Whether the call is printed: it has no stack, or one at least --min-stack frames deep. */
  public boolean shown(SyscallEvent e) {
    return e.callchain() == null || graph.minStack() == 0 || frames(e) >= graph.minStack();
  }

  /** Appends the call's stack, one line per frame, if it has one. */
  public void appendText(StringBuilder line, SyscallEvent e) {
    long[] chain = e.callchain();
    appendText(line, e.pid(), chain, chain == null ? 0 : depth(e.nr()));
  }

  /** Appends a tracepoint's stack under its line, as perf trace does, if it has one. */
  public void appendText(StringBuilder line, TracepointSample t) {
    long[] chain = t.callchain();
    appendText(line, t.pid(), chain, chain == null ? 0 : graph.maxStackOf(t.name()));
  }

  /**
   * Appends the stack an eBPF object's output was written at, as perf trace does under a bpf-output
   * event, if it has one (the kernel kept the qualifier's frames).
   */
  public void appendText(StringBuilder line, BpfOutput b) {
    appendText(line, b.pid(), b.callchain(), Integer.MAX_VALUE);
  }

  /** Appends {@code ,"stack":[...]} when the eBPF output has a stack. */
  public void appendJson(StringBuilder line, BpfOutput b) {
    if (b.callchain() != null) {
      appendJson(line, b.pid(), b.callchain(), Integer.MAX_VALUE);
    }
  }

  /** Appends a page fault's stack under its line, as perf trace -F does, if it has one. */
  public void appendText(StringBuilder line, PageFault f) {
    if (f.callchain() != null) {
      appendText(line, f.pid(), f.callchain(), graph.maxStack());
    }
  }

  /** Appends {@code ,"stack":[...]} when the page fault has a stack. */
  public void appendJson(StringBuilder line, PageFault f) {
    if (f.callchain() != null) {
      appendJson(line, f.pid(), f.callchain(), graph.maxStack());
    }
  }

  /** Appends {@code ,"stack":[...]} when the tracepoint's sample has a stack. */
  public void appendJson(StringBuilder line, TracepointSample t) {
    if (t.callchain() != null) {
      appendJson(line, t.pid(), t.callchain(), graph.maxStackOf(t.name()));
    }
  }

  private void appendText(StringBuilder line, int pid, long[] chain, int depth) {
    boolean kernel = false;
    boolean caller = false;
    int printed = 0;
    for (int i = 0; chain != null && i < chain.length && printed < depth; i++) {
      long ip = chain[i];
      if (ip >= Symbolizer.CONTEXT_MAX && ip < 0) {
        kernel = ip == Symbolizer.CONTEXT_KERNEL;
        continue;
      }
      boolean known = symbolizer.resolve(pid, ip, kernel, frame);
      // the functions inlined at a user frame come first, as perf trace lists them
      int n = known && !kernel ? symbolizer.inlined(frame, caller, inlined) : 0;
      caller |= !kernel;
      for (int k = 0; k < n; k++) {
        if (inlined[k].equals(frame.symbol())) {
          appendFrame(line, true);
        } else {
          line.append(INDENT).append(inlined[k]).append(" (inlined)\n");
        }
      }
      if (n == 0) {
        appendFrame(line, known);
      }
      printed++;
    }
  }

  private void appendFrame(StringBuilder line, boolean known) {
    line.append(INDENT);
    if (known) {
      line.append(frame.symbol());
    } else {
      appendUnknown(line, frame);
    }
    line.append(" (").append(frame.dso() != null ? frame.dso() : "[unknown]").append(")\n");
  }

  /**
   * A frame no symbol holds, as perf trace prints it: the address in its binary ({@code [0x122c]},
   * the address itself in anonymous memory and the kernel), {@code [0]} when no mapping holds it
   * (C's {@code %#x}, which gives 0 no prefix).
   */
  static void appendUnknown(StringBuilder line, Frame frame) {
    long at = frame.dso() == null ? 0 : frame.mapped();
    line.append(at == 0 ? "[" : "[0x");
    for (int shift = Math.max(0, (63 - Long.numberOfLeadingZeros(at)) & ~3);
        shift >= 0;
        shift -= 4) {
      line.append(Character.forDigit((int) (at >>> shift) & 0xf, 16));
    }
    line.append(']');
  }

  /** Appends {@code ,"stack":[...]} when the call has a stack. */
  public void appendJson(StringBuilder line, SyscallEvent e) {
    long[] chain = e.callchain();
    if (chain != null) {
      appendJson(line, e.pid(), chain, depth(e.nr()));
    }
  }

  private void appendJson(StringBuilder line, int pid, long[] chain, int depth) {
    line.append(",\"stack\":[");
    boolean kernel = false;
    int printed = 0;
    for (int i = 0; i < chain.length && printed < depth; i++) {
      long ip = chain[i];
      if (ip >= Symbolizer.CONTEXT_MAX && ip < 0) {
        kernel = ip == Symbolizer.CONTEXT_KERNEL;
        continue;
      }
      boolean known = symbolizer.resolve(pid, ip, kernel, frame);
      line.append(printed == 0 ? "{\"addr\":\"0x" : ",{\"addr\":\"0x")
          .append(Long.toHexString(ip))
          .append("\",\"sym\":");
      jsonString(line, known ? frame.symbol() : null);
      line.append(",\"off\":").append(known ? frame.offset() : 0).append(",\"dso\":");
      jsonString(line, frame.dso());
      line.append('}');
      printed++;
    }
    line.append(']');
  }

  /** Frames (context marks left out) the call's stack has. */
  private static int frames(SyscallEvent e) {
    int n = 0;
    for (long ip : e.callchain()) {
      if (ip < Symbolizer.CONTEXT_MAX || ip >= 0) {
        n++;
      }
    }
    return n;
  }

  private int depth(int nr) {
    if (nr < 0) {
      return graph.maxStack();
    }
    if (nr >= depthByNr.length) {
      int[] grown = new int[Math.max(nr + 1, depthByNr.length * 2)];
      Arrays.fill(grown, depthByNr.length, grown.length, -1);
      System.arraycopy(depthByNr, 0, grown, 0, depthByNr.length);
      depthByNr = grown;
    }
    int d = depthByNr[nr];
    if (d < 0) {
      String name = syscallNames.apply(nr);
      d = name == null ? graph.maxStack() : graph.maxStackOf(name);
      depthByNr[nr] = d;
    }
    return d;
  }

  /** Appends s as a JSON string, or null. */
  static void jsonString(StringBuilder line, String s) {
    if (s == null) {
      line.append("null");
      return;
    }
    line.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        line.append('\\').append(c);
      } else if (c < 0x20) {
        line.append(String.format("\\u%04x", (int) c));
      } else {
        line.append(c);
      }
    }
    line.append('"');
  }
}
