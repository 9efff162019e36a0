package dev.jtrace.perfdata.script;

import dev.jtrace.beauty.Arch;
import dev.jtrace.beauty.BeautyContext;
import dev.jtrace.beauty.CapturedMemory;
import dev.jtrace.beauty.SyscallBeautifier;
import dev.jtrace.perfdata.read.PerfDataEvent;
import dev.jtrace.perfdata.read.PerfHeader;
import dev.jtrace.perfdata.read.Sample;
import dev.jtrace.perfdata.tracing.Kallsyms;
import dev.jtrace.perfdata.tracing.RawPayload;
import dev.jtrace.perfdata.tracing.SyscallPayload;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Formats samples as {@code perf script} does: {@code comm tid [cpu] secs.usecs: event: fields},
 * with the tracepoint payload rendered by its print fmt. With {@code pretty}, syscall tracepoints
 * are rendered by the beautifier of the file's arch instead ({@code openat(dfd: CWD, …)} and {@code
 * openat() = 3}).
 */
public final class ScriptFormatter {
  /** The columns {@code -F} can select. */
  public enum Field {
    COMM,
    PID,
    TID,
    CPU,
    TIME,
    PERIOD,
    EVENT,
    IP,
    TRACE
  }

  /** perf script's default columns for tracepoint samples. */
  public static final List<Field> DEFAULT_FIELDS =
      List.of(Field.COMM, Field.TID, Field.CPU, Field.TIME, Field.EVENT, Field.TRACE);

  /** perf script's default columns for other samples (without symbol resolution). */
  public static final List<Field> DEFAULT_OTHER_FIELDS =
      List.of(Field.COMM, Field.TID, Field.CPU, Field.TIME, Field.PERIOD, Field.EVENT, Field.IP);

  private final List<Field> fields;
  private final boolean pretty;
  private final int nameWidth;
  private final SyscallBeautifier beautifier;
  private final Kallsyms kallsyms;

  public ScriptFormatter(PerfHeader header, List<Field> fields, boolean pretty) {
    this.fields = fields;
    this.pretty = pretty;
    int w = 0;
    for (PerfDataEvent e : header.events()) w = Math.max(w, e.name().length());
    this.nameWidth = w;
    Arch arch = header.arch() == null ? Arch.host() : Arch.parse(header.arch()).orElse(Arch.host());
    this.beautifier = SyscallBeautifier.forArch(arch);
    // perf writes an empty kallsyms into the tracing data and names addresses from the host's
    this.kallsyms =
        Kallsyms.fromText(header.tracingData() == null ? null : header.tracingData().kallsyms());
  }

  /** Parses {@code -F comm,tid,time}; throws IllegalArgumentException naming an unknown field. */
  public static List<Field> parseFields(String spec) {
    return Arrays.stream(spec.split(","))
        .map(String::strip)
        .filter(s -> !s.isEmpty())
        .map(
            s -> {
              try {
                return Field.valueOf(s.toUpperCase(Locale.ROOT));
              } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                    "unknown field '"
                        + s
                        + "' (known: comm,pid,tid,cpu,time,period,event,ip,trace)");
              }
            })
        .toList();
  }

  public void append(StringBuilder sb, Sample s, ThreadNames names) {
    List<Field> fields = this.fields;
    if (fields == DEFAULT_FIELDS && s.event().format() == null) fields = DEFAULT_OTHER_FIELDS;
    boolean pid = fields.contains(Field.PID);
    for (Field f : fields) {
      switch (f) {
        case COMM -> pad(sb, names.comm(s.tid()), 16).append(' ');
        case PID ->
            pad(sb, Integer.toString(s.pid()), 5).append(fields.contains(Field.TID) ? "/" : " ");
        case TID -> {
          if (pid)
            sb.append(s.tid())
                .repeat(' ', Math.max(0, 5 - Integer.toString(s.tid()).length()))
                .append(' ');
          else pad(sb, Integer.toString(s.tid()), 5).append(' ');
        }
        case CPU -> {
          if (s.cpu() >= 0)
            sb.append('[').append(String.format(Locale.ROOT, "%03d", s.cpu())).append("] ");
        }
        case TIME -> {
          if (s.time() >= 0) {
            long secs = Long.divideUnsigned(s.time(), 1_000_000_000L);
            long usecs = Long.remainderUnsigned(s.time(), 1_000_000_000L) / 1000;
            pad(sb, Long.toUnsignedString(secs), 5).append('.');
            String u = Long.toString(usecs);
            sb.repeat('0', 6 - u.length()).append(u).append(": ");
          }
        }
        case PERIOD -> pad(sb, Long.toUnsignedString(s.period()), 10).append(' ');
        case EVENT -> pad(sb, s.event().name(), nameWidth).append(": ");
        // perf puts a space before the ip, whose column is 16 wide ("cycles:  ffffffc000168808")
        // a sample with a callchain shows its ips as the chain, under the line (ScriptCallchain)
        case IP -> {
          if (s.callchain() == null) pad(sb.append(' '), Long.toHexString(s.ip()), 16).append(' ');
        }
        case TRACE -> trace(sb, s);
      }
    }
    int end = sb.length();
    while (end > 0 && sb.charAt(end - 1) == ' ') end--;
    sb.setLength(end);
  }

  private void trace(StringBuilder sb, Sample s) {
    RawPayload p = s.tracepoint();
    if (p == null) return;
    if (pretty && appendSyscall(sb, p)) return;
    p.appendRendered(sb, kallsyms);
  }

  /** Syscall tracepoints through the beautifier; false for other events. */
  private boolean appendSyscall(StringBuilder sb, RawPayload p) {
    SyscallPayload c = SyscallPayload.decode(p);
    if (c == null) return false;
    if (c.enter()) {
      // the format's own arguments only: the beautifier shows as many as it is given
      enter(sb, c.nr(), c.argCount() < 6 ? Arrays.copyOf(c.args(), c.argCount()) : c.args());
    } else {
      exit(sb, c.nr(), c.ret());
    }
    return true;
  }

  private void enter(StringBuilder sb, int nr, long[] args) {
    sb.append(beautifier.name(nr)).append('(');
    beautifier.appendArgs(sb, 0, nr, args, CapturedMemory.NONE, BeautyContext.NONE);
    sb.append(')');
  }

  private void exit(StringBuilder sb, int nr, long ret) {
    sb.append(beautifier.name(nr)).append("() = ");
    beautifier.appendReturn(sb, 0, nr, ret, new long[6], BeautyContext.NONE);
  }

  private static StringBuilder pad(StringBuilder sb, String s, int width) {
    return sb.repeat(' ', Math.max(0, width - s.length())).append(s);
  }
}
