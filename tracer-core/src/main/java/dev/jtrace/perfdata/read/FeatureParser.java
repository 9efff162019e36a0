package dev.jtrace.perfdata.read;

import dev.jtrace.perf.abi.AttrCodec;
import dev.jtrace.perf.abi.EventAttr;
import dev.jtrace.perfdata.Feature;
import dev.jtrace.perfdata.PerfDataException;
import dev.jtrace.perfdata.tracing.TracingDataParser;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Decodes one feature section into the header state. Every count is checked against the section's
 * size before it is used; features this reader does not need are passed over, unknown ones with a
 * warning.
 */
final class FeatureParser {
  private final ByteBuffer b;
  private final long base;
  private final int end;
  private final Consumer<String> warn;

  private FeatureParser(
      byte[] bytes, int off, int len, long fileOffset, ByteOrder order, Consumer<String> warn) {
    this.b = ByteBuffer.wrap(bytes).order(order);
    this.b.position(off);
    this.end = off + len;
    this.base = fileOffset - off;
    this.warn = warn;
  }

  static void parse(
      int feature,
      byte[] bytes,
      int off,
      int len,
      long fileOffset,
      ByteOrder order,
      HeaderState state,
      Consumer<String> warn) {
    new FeatureParser(bytes, off, len, fileOffset, order, warn).parse(feature, state);
  }

  private void parse(int feature, HeaderState s) {
    switch (feature) {
      case Feature.TRACING_DATA ->
          s.tracingData =
              TracingDataParser.parse(
                  b.array(), b.position(), end - b.position(), base + b.position(), warn);
      case Feature.HOSTNAME -> s.hostname = string("hostname");
      case Feature.OSRELEASE -> s.osRelease = string("os release");
      case Feature.VERSION -> s.perfVersion = string("perf version");
      case Feature.ARCH -> {
        s.archOffset = base + b.position();
        s.arch = string("arch");
      }
      case Feature.CPUDESC -> s.cpuDesc = string("cpu description");
      case Feature.CPUID -> s.cpuId = string("cpuid");
      case Feature.NRCPUS -> {
        s.nrCpusAvailable = u32("nrcpus");
        s.nrCpusOnline = u32("nrcpus");
      }
      case Feature.TOTAL_MEM -> s.totalMemKb = u64("total memory");
      case Feature.CMDLINE -> {
        int n = count("cmdline argument count", 5);
        List<String> args = new ArrayList<>(n);
        for (int i = 0; i < n; i++) args.add(string("cmdline argument"));
        s.cmdline = List.copyOf(args);
      }
      case Feature.EVENT_DESC -> eventDesc(s);
      case Feature.SAMPLE_TIME -> {
        s.firstSampleTime = u64("first sample time");
        s.lastSampleTime = u64("last sample time");
      }
      case Feature.SIMPLEPERF_META_INFO -> metaInfo(s);
      default -> {
        if (!Feature.known(feature)
            && feature != Feature.LAST_KNOWN + 1) { // LAST_KNOWN + 1 ends pipe-mode features
          warn.accept("feature section " + feature + " is unknown, skipped");
        }
      }
    }
  }

  private void eventDesc(HeaderState s) {
    int n = count("event description count", 8);
    int attrSize = u32("event description attr size");
    if (attrSize < EventAttr.SIZE_VER0 || attrSize > 4096) {
      throw error(
          -4,
          "event description attr size "
              + Integer.toUnsignedString(attrSize)
              + " is not plausible");
    }
    if ((long) n * (attrSize + 8) > end - b.position()) {
      throw error(
          -8, n + " event descriptions of " + attrSize + " bytes do not fit in the section");
    }
    s.descNames.clear();
    s.descIds.clear();
    for (int i = 0; i < n; i++) {
      need(attrSize, "event description attr");
      AttrCodec.read(b, b.position(), attrSize);
      b.position(b.position() + attrSize);
      int nIds = count("event id count", 8);
      String name = string("event name");
      long[] ids = new long[nIds];
      for (int k = 0; k < nIds; k++) ids[k] = u64("event id");
      s.descNames.add(name);
      s.descIds.add(ids);
    }
  }

  private void metaInfo(HeaderState s) {
    List<String> parts = new ArrayList<>();
    int start = b.position();
    for (int i = start; i < end; i++) {
      if (b.get(i) == 0) {
        parts.add(new String(b.array(), start, i - start, StandardCharsets.UTF_8));
        start = i + 1;
      }
    }
    for (int i = 0; i + 1 < parts.size(); i += 2) s.metaInfo.put(parts.get(i), parts.get(i + 1));
  }

  /** perf's string: u32 length (padded), the bytes, NUL-terminated within the length. */
  private String string(String what) {
    int len = u32(what + " length");
    if (len < 0 || len > end - b.position()) {
      throw error(
          -4,
          what
              + " length "
              + Integer.toUnsignedString(len)
              + " runs past the end of the section ("
              + (end - b.position())
              + " bytes left)");
    }
    int p = b.position();
    int nul = p;
    while (nul < p + len && b.get(nul) != 0) nul++;
    String str = new String(b.array(), p, nul - p, StandardCharsets.UTF_8);
    b.position(p + len);
    return str;
  }

  private int count(String what, int minBytesEach) {
    int n = u32(what);
    if (n < 0 || (long) n * minBytesEach > end - b.position()) {
      throw error(-4, what + " " + Integer.toUnsignedString(n) + " does not fit in the section");
    }
    return n;
  }

  private int u32(String what) {
    need(4, what);
    return b.getInt();
  }

  private long u64(String what) {
    need(8, what);
    return b.getLong();
  }

  private void need(int n, String what) {
    if (end - b.position() < n) throw error(0, "feature section ends inside the " + what);
  }

  private PerfDataException error(int delta, String message) {
    return new PerfDataException(base + b.position() + delta, message);
  }
}
