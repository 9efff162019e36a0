package dev.jtrace.tracer.output;

import dev.jtrace.beauty.BeautyContext;
import dev.jtrace.beauty.CapturedMemory;
import dev.jtrace.beauty.FormattedArg;
import dev.jtrace.beauty.SyscallBeautifier;
import dev.jtrace.beauty.content.JsonText;
import dev.jtrace.perfdata.tracing.FieldFormat;
import dev.jtrace.perfdata.tracing.Kallsyms;
import dev.jtrace.perfdata.tracing.RawPayload;
import dev.jtrace.tracer.event.BpfOutput;
import dev.jtrace.tracer.event.CompatAbi;
import dev.jtrace.tracer.event.Lost;
import dev.jtrace.tracer.event.PageFault;
import dev.jtrace.tracer.event.ProcessEnd;
import dev.jtrace.tracer.event.SignalInfo;
import dev.jtrace.tracer.event.SyscallEnter;
import dev.jtrace.tracer.event.SyscallEvent;
import dev.jtrace.tracer.event.TracepointSample;
import dev.jtrace.tracer.state.IntMap;
import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.Objects;

/**
 * One JSON object per line per syscall: timestamp and duration (ms), cpu (of the return), pid, tid,
 * comm, syscall name and number, each argument raw and rendered (rendered at entry), the return
 * value raw and rendered, errno name. Lost records become {@code {"lost": N}}. A 32-bit compat call
 * (on a 64-bit kernel) says its ABI: {@code "abi":"i386"}, after {@code nr} (its number in that
 * ABI); a call of the traced arch's own ABI has no {@code abi}.
 *
 * <p>Bytes from the traced system stay recoverable: an argument's {@code text} and {@code ret_text}
 * hold the text output's rendering, where strings and fd paths carry strace's C escapes ({@code
 * \n}, {@code \"}, {@code \\}, octal {@code \377} for every byte below 0x20 or from 0x7f, UTF-8
 * included). Undoing those escapes gives the exact bytes; the JSON string escaping on top is the
 * usual one.
 *
 * <p>An argument whose memory the capture copied and decoded (a struct, array, iovec, argv) also
 * has {@code "content"}: the same value nested, numbers as numbers, flags as name lists, bytes as
 * strings (bytes above 0x7f escaped, recoverable); poll's pollfds, copied at entry and exit, have
 * the exit's in {@code "content_at_exit"}.
 */
public final class JsonPrinter implements TraceOutput {
  /** Syscall numbers below this have their {@code "syscall":…,"nr":…} prefix cached. */
  private static final int CACHED_NRS = 1024;

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private final Writer out;
  private final CompatAbi abi;
  private final BeautyContext context;
  private final TextOptions options;
  private final TimeBase base;

  /** tid → its pending entry's {@code "args"} value, rendered at entry as the text printer does. */
  private final IntMap<String> args = new IntMap<>();

  private final String[] syscallFields = new String[CACHED_NRS];
  private final StringBuilder line = new StringBuilder(512);

  /** The last entry's {@code "args"} value while its return is still to come, and its thread. */
  private final StringBuilder held = new StringBuilder(512);

  private int heldTid = -1;

  /** The last line's pid, tid and comm, and their fields' text. */
  private int whoPid = -1;

  private int whoTid = -1;
  private String whoComm;
  private String whoText;

  /** Writes decoded argument copies into the line. */
  private final JsonText json = new JsonText(line);

  private long printed;

  /** Adds each call's stack to its object (null: no stacks asked). */
  private StackPrinter stacks;

  /** Names page faults' places (null: -F not asked). */
  private FaultPrinter faults;

  public JsonPrinter(
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

  /** Adds the stacks calls carry to their objects. */
  public void printStacks(StackPrinter printer) {
    this.stacks = printer;
  }

  /** Prints page faults (-F) through this printer. */
  public void printFaults(FaultPrinter printer) {
    this.faults = printer;
  }

  /**
   * {@code {"ts":…,"cpu":…,"pid":…,"tid":…,"comm":…,"event":"majfault","ip":…,"sym":…,…}}: see
   * {@link FaultPrinter#appendJson}.
   */
  @Override
  public void pageFault(PageFault f) throws IOException {
    if (faults == null) {
      return;
    }
    eventHead(f.time(), f.cpu(), f.pid(), f.tid());
    faults.appendJson(line, f);
    if (stacks != null) {
      stacks.appendJson(line, f);
    }
    line.append("}\n");
    out.append(line);
    printed++;
  }

  /**
   * A scriptlet's {@code __bpf_stdout__} output: "event" is the map's name, "text" the bytes as the
   * text line shows them (a dot for each unprintable one), "hex" every byte.
   */
  @Override
  public void bpfOutput(BpfOutput b) throws IOException {
    eventHead(b.time(), b.cpu(), b.pid(), b.tid());
    line.append(",\"event\":");
    string(b.map());
    line.append(",\"text\":\"");
    for (byte c : b.data()) {
      char ch = c >= 0x20 && c < 0x7f ? (char) c : '.';
      if (ch == '"' || ch == '\\') {
        line.append('\\');
      }
      line.append(ch);
    }
    line.append("\",\"hex\":\"");
    for (byte c : b.data()) {
      line.append(Character.forDigit((c >> 4) & 0xf, 16)).append(Character.forDigit(c & 0xf, 16));
    }
    line.append('"');
    if (stacks != null) {
      stacks.appendJson(line, b);
    }
    line.append("}\n");
    out.append(line);
    printed++;
  }

  public long printed() {
    return printed;
  }

  /** Starts a non-call event's object in the line: ts, cpu, pid, tid and comm. */
  private void eventHead(long time, int cpu, int pid, int tid) {
    line.setLength(0);
    line.append("{\"ts\":");
    millis(base.relative(time));
    line.append(",\"cpu\":").append(cpu);
    line.append(",\"pid\":").append(pid).append(",\"tid\":").append(tid);
    line.append(",\"comm\":");
    string(context.comm(tid));
  }

  @Override
  public void entered(SyscallEnter e) {
    if (heldTid >= 0) {
      args.put(heldTid, held.toString()); // another entry came before its return
    }
    // Kept in a reused builder: most calls return before the next entry, with no String or map
    // entry of their own.
    line.setLength(0);
    held.setLength(0);
    SyscallBeautifier calls = abi.beautifier(e.compat());
    CapturedMemory memory = e.memory();
    List<FormattedArg> a = calls.formatArgs(e.pid(), e.nr(), e.args(), memory, context);
    boolean decoded = memory.renderer() != null;
    line.append('[');
    for (int i = 0; i < a.size(); i++) {
      FormattedArg f = a.get(i);
      if (i > 0) {
        line.append(',');
      }
      // names are the signature's C identifiers: nothing to escape
      line.append("{\"name\":\"").append(f.name()).append("\",\"raw\":").append(f.raw());
      line.append(",\"text\":");
      string(f.text());
      if (decoded) {
        content(calls, e, memory, f.name());
      }
      line.append('}');
    }
    line.append(']');
    held.append(line);
    heldTid = e.tid();
    args.remove(heldTid); // an older entry of this thread whose return was lost
  }

  @Override
  public void completed(SyscallEvent e) throws IOException {
    CharSequence a;
    if (heldTid == e.tid()) {
      a = held;
      heldTid = -1;
    } else {
      a = args.remove(e.tid());
    }
    if (options.filtering() && !options.accepts(e)) {
      return;
    }
    if (stacks != null && !stacks.shown(e)) {
      return;
    }
    line.setLength(0);
    line.append("{\"ts\":");
    boolean continued = e.completion() == SyscallEvent.Completion.CONTINUED;
    millis(base.relative(e.time()));
    line.append(",\"duration\":");
    if (e.durationNs() < 0) {
      line.append("null");
    } else {
      millis(e.durationNs());
    }
    line.append(",\"cpu\":").append(e.cpu());
    line.append(who(e.pid(), e.tid()));
    SyscallBeautifier calls = abi.beautifier(e.compat());
    if (e.compat()) {
      line.append(",\"syscall\":");
      string(calls.name(e.nr()));
      line.append(",\"nr\":").append(e.nr()).append(",\"abi\":");
      string(abi.arch().id());
    } else {
      line.append(syscallFields(e.nr()));
    }
    line.append(",\"args\":");
    line.append(a == null || continued ? "null" : a);
    if (e.completion() == SyscallEvent.Completion.NO_RETURN) {
      line.append(",\"ret\":null,\"ret_text\":\"?\",\"errno\":null");
    } else {
      line.append(",\"ret\":").append(e.ret()).append(",\"ret_text\":\"");
      int from = line.length();
      calls.appendReturn(line, e.pid(), e.nr(), e.ret(), e.args(), context);
      escapeFrom(from);
      line.append("\",\"errno\":");
      string(e.failed() ? calls.errnoName(e.errno()) : null);
    }
    line.append(",\"continued\":").append(continued);
    if (e.cgroup() != 0) {
      line.append(",\"cgroup\":").append(e.cgroup()); // the id -G takes a path of (its inode)
    }
    if (stacks != null) {
      stacks.appendJson(line, e);
    }
    line.append("}\n");
    out.append(line);
    printed++;
  }

  /**
   * {@code ,"pid":P,"tid":T,"comm":C}: kept for the last thread while its comm stays the same
   * (consecutive lines are mostly one thread's).
   */
  private String who(int pid, int tid) {
    String comm = context.comm(tid);
    if (tid != whoTid || pid != whoPid || !Objects.equals(comm, whoComm) || whoText == null) {
      int mark = line.length();
      line.append(",\"pid\":").append(pid).append(",\"tid\":").append(tid).append(",\"comm\":");
      string(comm);
      whoText = line.substring(mark);
      line.setLength(mark);
      whoPid = pid;
      whoTid = tid;
      whoComm = comm;
    }
    return whoText;
  }

  /**
   * An argument's decoded copy as {@code ,"content":VALUE}, and for one copied at entry and exit
   * (poll's pollfds) the exit's as {@code ,"content_at_exit":VALUE}; nothing when it has none.
   */
  private void content(
      SyscallBeautifier calls, SyscallEnter e, CapturedMemory memory, String name) {
    int mark = line.length();
    line.append(",\"content\":");
    if (!calls.writeContent(json, e.pid(), e.nr(), name, e.args(), memory, context, false)) {
      line.setLength(mark);
      return;
    }
    mark = line.length();
    line.append(",\"content_at_exit\":");
    if (!calls.writeContent(json, e.pid(), e.nr(), name, e.args(), memory, context, true)) {
      line.setLength(mark);
    }
  }

  /** {@code ,"syscall":NAME,"nr":NR}, built once per syscall number. */
  private String syscallFields(int nr) {
    boolean cached = nr >= 0 && nr < CACHED_NRS;
    String f = cached ? syscallFields[nr] : null;
    if (f == null) {
      int mark = line.length();
      line.append(",\"syscall\":");
      string(abi.beautifier(false).name(nr));
      line.append(",\"nr\":").append(nr);
      f = line.substring(mark);
      line.setLength(mark);
      if (cached) {
        syscallFields[nr] = f;
      }
    }
    return f;
  }

  /**
   * {@code {"ts":…,"cpu":…,"pid":…,"tid":…,"comm":…,"event":"sched:sched_switch","fields":{…},
   * "text":"…"}}: the event's own fields (numbers, strings, arrays of numbers) and the print fmt's
   * rendering.
   */
  @Override
  public void tracepoint(TracepointSample t) throws IOException {
    eventHead(t.time(), t.cpu(), t.pid(), t.tid());
    line.append(",\"event\":");
    string(t.name());
    line.append(",\"fields\":{");
    RawPayload p = t.payload();
    boolean first = true;
    for (FieldFormat f : p.format().fields()) {
      if (f.common()) continue;
      if (!first) line.append(',');
      first = false;
      string(f.name());
      line.append(':');
      if (f.isString()) {
        line.append('"');
        int from = line.length();
        p.appendString(line, f);
        escapeFrom(from);
        line.append('"');
      } else if (f.isArray()) {
        line.append('[');
        for (int i = 0; i < Math.max(0, f.arrayLength()); i++) {
          if (i > 0) line.append(',');
          line.append(p.number(f, i));
        }
        line.append(']');
      } else {
        line.append(p.number(f, 0));
      }
    }
    line.append("},\"text\":\"");
    int from = line.length();
    p.appendRendered(line, Kallsyms.host());
    escapeFrom(from);
    line.append('"');
    if (stacks != null) {
      stacks.appendJson(line, t);
    }
    line.append("}\n");
    out.append(line);
    printed++;
  }

  /**
   * {@code {"ts":…,"pid":…,"tid":…,"comm":…,"signal":{"si_signo":"SIGUSR1","si_code":"SI_USER",
   * "si_pid":123,"si_uid":0},"text":"--- SIGUSR1 {…} ---"}} (si_pid and si_uid null when unknown).
   */
  @Override
  public void signal(long time, int pid, int tid, SignalInfo info) throws IOException {
    taskHead(time, pid, tid);
    line.append(",\"signal\":{\"si_signo\":");
    string(info.signal());
    line.append(",\"si_code\":");
    string(info.code());
    line.append(",\"si_pid\":").append(info.senderPid() < 0 ? "null" : info.senderPid());
    line.append(",\"si_uid\":").append(info.senderUid() < 0 ? "null" : info.senderUid());
    line.append("},\"text\":\"");
    info.appendStrace(line);
    line.append("\"}\n");
    out.append(line);
  }

  /**
   * {@code {"ts":…,"pid":…,"tid":…,"comm":…,"exit":{"code":3,"killed_by":null},"text":"+++ exited
   * with 3 +++"}}.
   */
  @Override
  public void processEnded(long time, int pid, int tid, ProcessEnd end) throws IOException {
    taskHead(time, pid, tid);
    line.append(",\"exit\":{\"code\":").append(end.exitCode() < 0 ? "null" : end.exitCode());
    line.append(",\"killed_by\":");
    string(end.signal());
    line.append("},\"text\":\"");
    end.appendStrace(line);
    line.append("\"}\n");
    out.append(line);
  }

  private void taskHead(long time, int pid, int tid) {
    line.setLength(0);
    line.append("{\"ts\":");
    millis(base.relative(time));
    line.append(",\"pid\":").append(pid).append(",\"tid\":").append(tid).append(",\"comm\":");
    string(context.comm(tid));
  }

  @Override
  public void lost(Lost l) throws IOException {
    out.append("{\"lost\":")
        .append(Long.toString(l.count()))
        .append(",\"cpu\":")
        .append(Integer.toString(l.cpu()))
        .append("}\n");
  }

  private void millis(long ns) {
    Fixed3.appendMillis(line, ns, 0);
  }

  private void string(String s) {
    if (s == null) {
      line.append("null");
      return;
    }
    line.append('"');
    if (plain(s)) {
      line.append(s);
    } else {
      int from = line.length();
      line.append(s);
      escapeFrom(from);
    }
    line.append('"');
  }

  /** Whether s holds nothing JSON escapes (scanning a String is cheaper than the line). */
  private static boolean plain(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\' || c < 0x20) {
        return false;
      }
    }
    return true;
  }

  /**
   * JSON-escapes the line from {@code from} on, in place. Most text needs nothing: it is only
   * scanned; the rare text with a quote, backslash or control character is rewritten.
   */
  private void escapeFrom(int from) {
    int end = line.length();
    int i = from;
    while (i < end) {
      char c = line.charAt(i);
      if (c == '"' || c == '\\' || c < 0x20) {
        break;
      }
      i++;
    }
    if (i == end) {
      return;
    }
    String rest = line.substring(i);
    line.setLength(i);
    for (int j = 0; j < rest.length(); j++) {
      char c = rest.charAt(j);
      switch (c) {
        case '"' -> line.append("\\\"");
        case '\\' -> line.append("\\\\");
        case '\n' -> line.append("\\n");
        case '\t' -> line.append("\\t");
        case '\r' -> line.append("\\r");
        default -> {
          if (c < 0x20) {
            line.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xf]);
          } else {
            line.append(c);
          }
        }
      }
    }
  }

  @Override
  public void flush() throws IOException {
    out.flush();
  }

  @Override
  public void finish() throws IOException {
    out.flush();
  }
}
