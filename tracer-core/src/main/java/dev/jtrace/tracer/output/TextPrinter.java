package dev.jtrace.tracer.output;

import dev.jtrace.beauty.BeautyContext;
import dev.jtrace.beauty.SyscallBeautifier;
import dev.jtrace.perfdata.tracing.Kallsyms;
import dev.jtrace.tracer.event.CompatAbi;
import dev.jtrace.tracer.event.Lost;
import dev.jtrace.tracer.event.ProcessEnd;
import dev.jtrace.tracer.event.SignalInfo;
import dev.jtrace.tracer.event.StraceNote;
import dev.jtrace.tracer.event.SyscallEnter;
import dev.jtrace.tracer.event.SyscallEvent;
import dev.jtrace.tracer.event.TracepointSample;
import java.io.IOException;
import java.io.Writer;
import java.util.HashMap;
import java.util.Map;

/**
 * perf trace's text lines. An entry is held until its return; if another line must be printed
 * first, the entry is printed with {@code ...} and its return later as {@code ... [continued]:
 * name()}. Arguments are rendered at entry, so fds show the path they had then.
 */
public final class TextPrinter implements TraceOutput {
  private record Pending(long time, String text, boolean printed) {}

  private final Writer out;

  /** The native and the compat (32-bit) ABI's beautifiers. */
  private final CompatAbi abi;

  private final BeautyContext context;
  private final TextOptions options;
  private final TimeBase base;
  private final Map<Integer, Pending> pending = new HashMap<>();
  private final StringBuilder line = new StringBuilder(256);

  /** The thread whose entry is held unprinted, or -1. */
  private int heldTid = -1;

  private long printed;

  public TextPrinter(
      Writer out,
      SyscallBeautifier beautifier,
      BeautyContext context,
      TextOptions options,
      TimeBase base) {
    this.out = out;
    this.abi = CompatAbi.of(beautifier);
    this.context = context;
    this.options = options;
    this.base = base;
  }

  /** Lines written so far (for --max-events). */
  public long printed() {
    return printed;
  }

  @Override
  public void entered(SyscallEnter e) throws IOException {
    line.setLength(0);
    SyscallBeautifier calls = abi.beautifier(e.compat());
    line.append(calls.name(e.nr())).append('(');
    calls.appendArgs(line, e.pid(), e.nr(), e.args(), e.memory(), context);
    line.append(')');
    String text = line.toString();
    if (!options.filtering()) {
      printHeld();
      heldTid = e.tid();
    }
    pending.put(e.tid(), new Pending(e.time(), text, false));
  }

  @Override
  public void completed(SyscallEvent e) throws IOException {
    Pending p = pending.remove(e.tid());
    if (options.filtering() && !options.accepts(e)) {
      return;
    }
    if (e.completion() == SyscallEvent.Completion.NO_RETURN && options.filtering()) {
      return;
    }
    boolean held = heldTid == e.tid() && p != null && !p.printed;
    if (!held) {
      printHeld();
    }
    heldTid = -1;
    line.setLength(0);
    int nameStart;
    if (p != null && !p.printed) {
      nameStart =
          head(
              p.time,
              true,
              e.completion() == SyscallEvent.Completion.NO_RETURN ? -1 : e.durationNs(),
              e.tid());
      line.append(p.text);
    } else {
      boolean known = p != null;
      nameStart = head(known ? p.time : 0, known, known ? e.durationNs() : -1, e.tid());
      line.append(" ... [continued]: ")
          .append(abi.beautifier(e.compat()).name(e.nr()))
          .append("()");
    }
    LineLayout.padToEquals(line, nameStart);
    if (e.completion() == SyscallEvent.Completion.NO_RETURN) {
      line.append('?');
    } else {
      abi.beautifier(e.compat()).appendReturn(line, e.pid(), e.nr(), e.ret(), e.args(), context);
    }
    line.append('\n');
    out.append(line);
    printed++;
  }

  /** {@code time ( ): comm/tid sched:sched_switch:PAYLOAD}, the payload by its print fmt. */
  @Override
  public void tracepoint(TracepointSample t) throws IOException {
    printHeld();
    line.setLength(0);
    head(t.time(), true, -1, t.tid());
    line.append(t.name()).append(':');
    t.payload().appendRendered(line, Kallsyms.host());
    line.append('\n');
    out.append(line);
    printed++;
  }

  @Override
  public void signal(long time, int pid, int tid, SignalInfo info) throws IOException {
    note(time, tid, info);
  }

  @Override
  public void processEnded(long time, int pid, int tid, ProcessEnd end) throws IOException {
    note(time, tid, end);
  }

  private void note(long time, int tid, StraceNote note) throws IOException {
    printHeld();
    line.setLength(0);
    head(time, true, -1, tid);
    note.appendStrace(line);
    line.append('\n');
    out.append(line);
  }

  @Override
  public void lost(Lost l) throws IOException {
    printHeld();
    out.append("LOST ").append(Long.toString(l.count())).append(' ').append(l.unit()).append("!\n");
  }

  /** Prints the held entry as interrupted ({@code name(args) ...}). */
  private void printHeld() throws IOException {
    if (heldTid < 0) {
      return;
    }
    int tid = heldTid;
    heldTid = -1;
    Pending p = pending.get(tid);
    if (p == null || p.printed) {
      return;
    }
    line.setLength(0);
    int nameStart = head(p.time, true, -1, tid);
    line.append(p.text);
    LineLayout.padInterrupted(line, nameStart);
    line.append('\n');
    out.append(line);
    pending.put(tid, new Pending(p.time, p.text, true));
  }

  private int head(long time, boolean timeKnown, long durationNs, int tid) {
    LineLayout.appendHead(
        line,
        base.relative(time),
        timeKnown,
        durationNs,
        options.color(),
        options.showThread() && options.showComm() ? commOf(tid) : null,
        options.showThread() ? tid : -1);
    return line.length();
  }

  private String commOf(int tid) {
    String c = context.comm(tid);
    return c != null ? c : ":" + tid;
  }

  @Override
  public void flush() throws IOException {
    out.flush();
  }

  @Override
  public void finish() throws IOException {
    printHeld();
    out.flush();
  }
}
