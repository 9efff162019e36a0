package dev.jtrace.perfdata.write;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Lays out a tracing data blob (version 0.6) as perf writes it: magic, version, endianness, long
 * size, page size, header_page, header_event, no ftrace formats, the event systems, the kallsyms
 * listing (empty unless given: perf 6.1 writes it empty), an empty printk list and empty saved
 * cmdlines.
 */
public final class TracingDataWriter {
  private TracingDataWriter() {}

  public static byte[] write(
      TracingDataSource source, ByteOrder order, int longSize, int pageSize) {
    Out out = new Out(order);
    out.bytes(new byte[] {0x17, 0x08, 0x44, 't', 'r', 'a', 'c', 'i', 'n', 'g'});
    out.cString("0.6");
    out.bytes(new byte[] {(byte) (order == ByteOrder.BIG_ENDIAN ? 1 : 0), (byte) longSize});
    out.u32(pageSize);
    out.cString("header_page");
    out.text64(source.headerPage());
    out.cString("header_event");
    out.text64(source.headerEvent());
    out.u32(0); // ftrace formats
    out.u32(source.formatsBySystem().size());
    for (Map.Entry<String, List<String>> e : source.formatsBySystem().entrySet()) {
      out.cString(e.getKey());
      out.u32(e.getValue().size());
      for (String text : e.getValue()) out.text64(text);
    }
    byte[] kallsyms = source.kallsyms().getBytes(StandardCharsets.ISO_8859_1);
    out.u32(kallsyms.length);
    out.bytes(kallsyms);
    out.u32(0); // printk formats
    out.u64(0); // saved cmdlines
    return out.toByteArray();
  }

  private static final class Out extends ByteArrayOutputStream {
    private final ByteBuffer scratch;

    Out(ByteOrder order) {
      scratch = ByteBuffer.allocate(8).order(order);
    }

    void bytes(byte[] b) {
      write(b, 0, b.length);
    }

    void cString(String s) {
      bytes(s.getBytes(StandardCharsets.ISO_8859_1));
      write(0);
    }

    void u32(int v) {
      write(scratch.clear().putInt(v).array(), 0, 4);
    }

    void u64(long v) {
      write(scratch.clear().putLong(v).array(), 0, 8);
    }

    void text64(String s) {
      byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
      u64(b.length);
      bytes(b);
    }
  }
}
