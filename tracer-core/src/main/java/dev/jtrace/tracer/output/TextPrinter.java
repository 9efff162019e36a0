package dev.jtrace.tracer.output;

import dev.jtrace.beauty.BeautyContext;
import dev.jtrace.beauty.CapturedMemory;
import dev.jtrace.beauty.SyscallBeautifier;
import dev.jtrace.perfdata.tracing.Kallsyms;
import dev.jtrace.tracer.event.BpfOutput;
import dev.jtrace.tracer.event.CompatAbi;
import dev.jtrace.tracer.event.Lost;
import dev.jtrace.tracer.event.PageFault;
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
import java.util.Objects;

/**
 * perf trace's text lines. An entry is held until its return; if another line must be printed
 * first, the entry is printed with {@code ...} and its return later as {@code ... [continued]:
 * name()}. Arguments are rendered at entry, so fds show the path they had then.
 */
public final class TextPrinter implements TraceOutput {
  /**
   * @param afterReturn what follows a positive return value (poll's revents), or null
   */
  private record Pending(long time, String text, String afterReturn, boolean printed) {}

  private final Writer out;

  /** The native and the compat (32-bit) ABI's beautifiers. */
  private final CompatAbi abi;

  private final BeautyContext context;
  private final TextOptions options;
  private final TimeBase base;
  private final Map<Integer, Pending> pending = new HashMap<>();
  private final StringBuilder line = new StringBuilder(256);

  /** The entry held unprinted (name and arguments), its thread (or -1) and its time. */
  private final StringBuilder heldText = new StringBuilder(256);

  /** What follows the held entry's positive return value (poll's revents), or nothing. */
  private final StringBuilder heldAfterReturn = new StringBuilder(64);

  private int heldTid = -1;
  private long heldTime;

  /** The last head's thread, its comm and their {@code comm/tid } text. */
  private int whoTid = -1;

  private String whoComm;
  private String whoText;

  private long printed;

  /** Prints each call's stack under its line (null: no stacks asked). */
  private StackPrinter stacks;

  /** Names page faults' places (null: -F not asked). */
  private FaultPrinter faults;

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

  /** Prints the stacks calls carry under their lines. */
  public void printStacks(StackPrinter printer) {
    this.stacks = printer;
  }

  /** Prints page faults (-F) through this printer. */
  public void printFaults(FaultPrinter printer) {
    this.faults = printer;
  }

  /** Lines written so far (for --max-events). */
  public long printed() {
    return printed;
  }

  @Override
  public void entered(SyscallEnter e) throws IOException {
    if (options.filtering()) {
      // printed only at its return, if it passes: kept as text until then
      line.setLength(0);
      appendCall(line, e);
      String text = line.toString();
      line.setLength(0);
      appendAfterReturn(line, e);
      pending.put(
          e.tid(), new Pending(e.time(), text, line.isEmpty() ? null : line.toString(), false));
      return;
    }
    printHeld();
    if (!pending.isEmpty()) {
      pending.remove(e.tid()); // an older entry of this thread whose return was lost
    }
    // Held as text in a reused builder: most calls return before any other line, and then print
    // whole without a String or a map entry of their own.
    heldText.setLength(0);
    appendCall(heldText, e);
    heldAfterReturn.setLength(0);
    appendAfterReturn(heldAfterReturn, e);
    heldTid = e.tid();
    heldTime = e.time();
  }

  private void appendCall(StringBuilder to, SyscallEnter e) {
    SyscallBeautifier calls = abi.beautifier(e.compat());
    to.append(calls.name(e.nr())).append('(');
    calls.appendArgs(to, e.pid(), e.nr(), e.args(), e.memory(), context);
    to.append(')');
  }

  /** What follows a positive return value (poll's revents), when the call has exit copies. */
  private void appendAfterReturn(StringBuilder to, SyscallEnter e) {
    CapturedMemory memory = e.memory();
    if (memory.renderer() != null) {
      abi.beautifier(e.compat()).appendAfterReturn(to, e.pid(), e.args(), memory, context);
    }
  }

  @Override
  public void completed(SyscallEvent e) throws IOException {
    boolean held = heldTid == e.tid() && !options.filtering();
    Pending p = held || pending.isEmpty() ? null : pending.remove(e.tid());
    if (options.filtering() && !options.accepts(e)) {
      return;
    }
    if (e.completion() == SyscallEvent.Completion.NO_RETURN && options.filtering()) {
      return;
    }
    if (stacks != null && !stacks.shown(e)) {
      if (held) {
        heldTid = -1; // not printed at all (fewer frames than --min-stack)
      }
      return;
    }
    if (!held) {
      printHeld();
    }
    heldTid = -1;
    line.setLength(0);
    int nameStart;
    long duration = e.completion() == SyscallEvent.Completion.NO_RETURN ? -1 : e.durationNs();
    if (held) {
      nameStart = head(heldTime, true, duration, e.tid());
      line.append(heldText);
    } else if (p != null && !p.printed) {
      nameStart = head(p.time, true, duration, e.tid());
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
      if (e.ret() > 0) {
        if (held) {
          line.append(heldAfterReturn);
        } else if (p != null && p.afterReturn != null) {
          line.append(p.afterReturn);
        }
      }
    }
    line.append('\n');
    if (stacks != null) {
      stacks.appendText(line, e);
    }
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
    if (stacks != null) {
      stacks.appendText(line, t);
    }
    out.append(line);
    printed++;
  }

  /** {@code time ( 0.000 ms): comm/tid majfault [where] => what (d.)}, as perf trace -F. */
  @Override
  public void pageFault(PageFault f) throws IOException {
    if (faults == null) {
      return;
    }
    printHeld();
    line.setLength(0);
    head(f.time(), true, 0, f.tid());
    faults.appendText(line, f);
    line.append('\n');
    if (stacks != null) {
      stacks.appendText(line, f);
    }
    out.append(line);
    printed++;
  }

  /**
   * {@code time ( ): comm/tid __bpf_stdout__:BYTES}: the bytes as text, each unprintable one as a
   * dot (the NUL and the kernel's padding too), as perf trace shows a bpf-output event.
   */
  @Override
  public void bpfOutput(BpfOutput b) throws IOException {
    printHeld();
    line.setLength(0);
    head(b.time(), true, -1, b.tid());
    line.append(b.map()).append(':');
    for (byte c : b.data()) {
      line.append(c >= 0x20 && c < 0x7f ? (char) c : '.');
    }
    line.append('\n');
    if (stacks != null) {
      stacks.appendText(line, b);
    }
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

  /**
   * Prints the held entry as interrupted ({@code name(args) ...}); its return prints later as
   * continued.
   */
  private void printHeld() throws IOException {
    if (heldTid < 0) {
      return;
    }
    int tid = heldTid;
    heldTid = -1;
    line.setLength(0);
    int nameStart = head(heldTime, true, -1, tid);
    line.append(heldText);
    LineLayout.padInterrupted(line, nameStart);
    line.append('\n');
    out.append(line);
    pending.put(tid, new Pending(heldTime, null, null, true));
  }

  private int head(long time, boolean timeKnown, long durationNs, int tid) {
    LineLayout.appendHead(
        line,
        base.relative(time),
        timeKnown,
        durationNs,
        options.color(),
        options.showThread() ? who(tid) : null);
    return line.length();
  }

  /**
   * The head's {@code comm/tid }: kept for the last thread while its comm stays the same, since
   * consecutive lines are mostly one thread's (and formatting it was a tenth of a line's cost).
   */
  private String who(int tid) {
    String comm = options.showComm() ? commOf(tid) : null;
    if (tid != whoTid || !Objects.equals(comm, whoComm) || whoText == null) {
      whoTid = tid;
      whoComm = comm;
      whoText = LineLayout.who(comm, tid);
    }
    return whoText;
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
