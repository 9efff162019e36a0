package dev.jtrace.tracer.output;

import dev.jtrace.beauty.BeautyContext;
import dev.jtrace.beauty.FormattedArg;
import dev.jtrace.beauty.SyscallBeautifier;
import dev.jtrace.tracer.event.CompatAbi;
import dev.jtrace.tracer.event.Lost;
import dev.jtrace.tracer.event.SyscallEnter;
import dev.jtrace.tracer.event.SyscallEvent;
import java.io.IOException;
import java.io.Writer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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
 */
public final class JsonPrinter implements TraceOutput {
  private final Writer out;
  private final CompatAbi abi;
  private final BeautyContext context;
  private final TextOptions options;
  private final TimeBase base;
  private final Map<Integer, List<FormattedArg>> args = new HashMap<>();
  private final StringBuilder line = new StringBuilder(512);
  private long printed;

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

  public long printed() {
    return printed;
  }

  @Override
  public void entered(SyscallEnter e) {
    args.put(
        e.tid(),
        abi.beautifier(e.compat()).formatArgs(e.pid(), e.nr(), e.args(), e.memory(), context));
  }

  @Override
  public void completed(SyscallEvent e) throws IOException {
    List<FormattedArg> a = args.remove(e.tid());
    if (options.filtering() && !options.accepts(e)) {
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
    line.append(",\"pid\":")
        .append(e.pid())
        .append(",\"tid\":")
        .append(e.tid())
        .append(",\"comm\":");
    string(context.comm(e.tid()));
    SyscallBeautifier calls = abi.beautifier(e.compat());
    line.append(",\"syscall\":");
    string(calls.name(e.nr()));
    line.append(",\"nr\":").append(e.nr());
    if (e.compat()) {
      line.append(",\"abi\":");
      string(abi.arch().id());
    }
    line.append(",\"args\":");
    if (a == null || continued) {
      line.append("null");
    } else {
      line.append('[');
      for (int i = 0; i < a.size(); i++) {
        FormattedArg f = a.get(i);
        if (i > 0) {
          line.append(',');
        }
        line.append("{\"name\":");
        string(f.name());
        line.append(",\"raw\":").append(f.raw()).append(",\"text\":");
        string(f.text());
        line.append('}');
      }
      line.append(']');
    }
    if (e.completion() == SyscallEvent.Completion.NO_RETURN) {
      line.append(",\"ret\":null,\"ret_text\":\"?\",\"errno\":null");
    } else {
      line.append(",\"ret\":").append(e.ret()).append(",\"ret_text\":");
      StringBuilder r = new StringBuilder();
      calls.appendReturn(r, e.pid(), e.nr(), e.ret(), e.args(), context);
      string(r.toString());
      line.append(",\"errno\":");
      string(e.failed() ? calls.errnoName(e.errno()) : null);
    }
    line.append(",\"continued\":").append(continued).append("}\n");
    out.append(line);
    printed++;
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
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> line.append("\\\"");
        case '\\' -> line.append("\\\\");
        case '\n' -> line.append("\\n");
        case '\t' -> line.append("\\t");
        case '\r' -> line.append("\\r");
        default -> {
          if (c < 0x20) {
            line.append(String.format("\\u%04x", (int) c));
          } else {
            line.append(c);
          }
        }
      }
    }
    line.append('"');
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
