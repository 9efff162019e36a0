package dev.jtrace.perfdata.tracing;

import dev.jtrace.perfdata.PerfDataException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Parses a tracing data blob (versions 0.5 and 0.6). Every count and size is checked against the
 * bytes that are left before anything is allocated; a bad one ends the parse with a {@link
 * PerfDataException} naming the file offset. A format text that does not parse is left out with a
 * warning.
 */
public final class TracingDataParser {
  private static final byte[] MAGIC = {0x17, 0x08, 0x44, 't', 'r', 'a', 'c', 'i', 'n', 'g'};

  private final byte[] b;
  private final int end;
  private final long base;
  private final Consumer<String> warn;
  private int pos;
  private ByteOrder order = ByteOrder.LITTLE_ENDIAN;

  private TracingDataParser(byte[] b, int off, int len, long base, Consumer<String> warn) {
    this.b = b;
    this.pos = off;
    this.end = off + len;
    this.base = base - off;
    this.warn = warn;
  }

  /**
   * Parses {@code len} bytes of {@code b} from {@code off}; {@code fileOffset} is where they sit in
   * the file, for messages.
   */
  public static TracingData parse(
      byte[] b, int off, int len, long fileOffset, Consumer<String> warn) {
    return new TracingDataParser(b, off, len, fileOffset, warn).parse();
  }

  private TracingData parse() {
    need(MAGIC.length, "tracing data magic");
    for (int i = 0; i < MAGIC.length; i++) {
      if (b[pos + i] != MAGIC[i])
        throw error("tracing data does not start with the \\x17\\x08Dtracing magic");
    }
    pos += MAGIC.length;
    String version = cString("tracing data version");
    need(2, "tracing data endianness and long size");
    order = b[pos++] != 0 ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
    int longSize = b[pos++];
    int pageSize = u32("page size");
    String headerPage = headerFile("header_page");
    String headerEvent = headerFile("header_event");
    List<TracepointFormat> ftrace = new ArrayList<>();
    int nFtrace = count("ftrace format count", 8);
    for (int i = 0; i < nFtrace; i++) {
      long size = u64("ftrace format size");
      int at = pos;
      addFormat(ftrace, "ftrace", text(size, "ftrace format"), at);
    }
    List<TracepointFormat> events = new ArrayList<>();
    int nSystems = count("event system count", 5);
    for (int s = 0; s < nSystems; s++) {
      String system = cString("event system name");
      int nEvents = count("event count of " + system, 8);
      for (int i = 0; i < nEvents; i++) {
        long size = u64("event format size");
        int at = pos;
        addFormat(events, system, text(size, "format of an event of " + system), at);
      }
    }
    String kallsyms = text(u32("kallsyms size") & 0xffffffffL, "kallsyms");
    String printk = text(u32("printk size") & 0xffffffffL, "printk formats");
    String cmdlines = "";
    if (!version.equals("0.5") && pos < end) {
      cmdlines = text(u64("saved cmdlines size"), "saved cmdlines");
    }
    return new TracingData(
        version,
        order,
        longSize,
        pageSize,
        headerPage,
        headerEvent,
        List.copyOf(ftrace),
        List.copyOf(events),
        kallsyms,
        printk,
        cmdlines);
  }

  /**
   * Adds one format text (at {@code at} in the blob). A text that does not parse is left out; one
   * with a damaged ID is kept for matching by name; a syscall format whose fields cannot be decoded
   * is kept for rendering but not decoded as syscalls. Each with a warning naming its offset.
   */
  private void addFormat(List<TracepointFormat> out, String system, String text, int at) {
    String where = "tracing data at offset 0x" + Long.toHexString(base + at) + ": ";
    TracepointFormat f;
    try {
      f = FormatParser.parseFromFile(system, text);
    } catch (IllegalArgumentException e) {
      warn.accept(
          where + "a format of " + system + " does not parse (" + e.getMessage() + "), left out");
      return;
    }
    if (f.name().isEmpty()) {
      warn.accept(
          where
              + "a format of "
              + system
              + " (ID "
              + f.id()
              + ") has no valid 'name:' line: it takes the name of the event whose config is its"
              + " ID");
    }
    if (f.id() < 0) {
      warn.accept(
          where
              + "the format of "
              + f.fullName()
              + " has no valid 'ID:' line (expected a decimal number): its event is matched by name"
              + " only");
    }
    if (f.syscall() != null && f.syscall().problem() != null) {
      warn.accept(
          where
              + "the format of "
              + f.fullName()
              + " cannot be decoded as a syscall ("
              + f.syscall().problem()
              + "): its samples are left out of a syscall trace");
    }
    out.add(f);
  }

  private String headerFile(String name) {
    int start = pos;
    String got = cString(name + " name");
    if (!got.equals(name)) {
      pos = start;
      throw error("expected '" + name + "' in the tracing data, found '" + abbreviate(got) + "'");
    }
    return text(u64(name + " size"), name);
  }

  private static String abbreviate(String s) {
    return s.length() > 20 ? s.substring(0, 20) + "…" : s;
  }

  private int count(String what, int minBytesEach) {
    int n = u32(what);
    if (n < 0 || (long) n * minBytesEach > end - pos) {
      pos -= 4;
      throw error(
          what
              + " "
              + Integer.toUnsignedString(n)
              + " does not fit in the "
              + (end - pos - 4)
              + " bytes left");
    }
    return n;
  }

  private String text(long size, String what) {
    if (size < 0 || size > end - pos) {
      throw error(
          what
              + " size "
              + Long.toUnsignedString(size)
              + " runs past the end of the tracing data ("
              + (end - pos)
              + " bytes left)");
    }
    String s = new String(b, pos, (int) size, StandardCharsets.ISO_8859_1);
    pos += (int) size;
    return s;
  }

  private String cString(String what) {
    int nul = pos;
    while (nul < end && b[nul] != 0) nul++;
    if (nul >= end) throw error(what + ": no terminating NUL before the end of the tracing data");
    String s = new String(b, pos, nul - pos, StandardCharsets.ISO_8859_1);
    pos = nul + 1;
    return s;
  }

  private int u32(String what) {
    need(4, what);
    int v =
        order == ByteOrder.LITTLE_ENDIAN
            ? (b[pos] & 0xff)
                | (b[pos + 1] & 0xff) << 8
                | (b[pos + 2] & 0xff) << 16
                | (b[pos + 3] & 0xff) << 24
            : (b[pos + 3] & 0xff)
                | (b[pos + 2] & 0xff) << 8
                | (b[pos + 1] & 0xff) << 16
                | (b[pos] & 0xff) << 24;
    pos += 4;
    return v;
  }

  private long u64(String what) {
    need(8, what);
    long lo = u32(what) & 0xffffffffL;
    long hi = u32(what) & 0xffffffffL;
    return order == ByteOrder.LITTLE_ENDIAN ? hi << 32 | lo : lo << 32 | hi;
  }

  private void need(int n, String what) {
    if (end - pos < n) throw error("tracing data ends inside the " + what);
  }

  private PerfDataException error(String message) {
    return new PerfDataException(base + pos, message);
  }
}
