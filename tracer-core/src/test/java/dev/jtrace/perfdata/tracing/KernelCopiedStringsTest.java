package dev.jtrace.perfdata.tracing;

import static com.google.common.truth.Truth.assertThat;

import dev.jtrace.perf.abi.RecordLayout;
import dev.jtrace.perf.abi.RecordType;
import dev.jtrace.tracer.event.RingRecordDecoder;
import dev.jtrace.tracer.event.SyscallEnter;
import dev.jtrace.tracer.event.SyscallTracepoints;
import dev.jtrace.tracer.event.TraceRecord;
import dev.jtrace.tracer.perf.TracerAttr;
import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Kernels since 6.19 copy syscalls' user strings into their sys_enter_NAME events ({@code
 * __data_loc char[] __ARG_val} after the arguments). The formats here are of such a kernel, written
 * for this test: the arguments stay the arguments, and the copies become the entry's strings, on
 * replay (SyscallPayload) and live (RingRecordDecoder). Before, the copy's field was read as a
 * fifth openat argument and its string was not seen.
 */
class KernelCopiedStringsTest {
  private static final int OPENAT = 257;
  private static final int RENAMEAT2 = 316;

  private static TracepointFormat format(String resource) throws IOException {
    try (InputStream in = KernelCopiedStringsTest.class.getResourceAsStream(resource)) {
      return FormatParser.parse("syscalls", new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  /**
   * A record of that format: common_type, the number, the arguments, then each copy's data_loc and
   * bytes (a null string: length 0, the kernel could not read it).
   */
  private static byte[] record(TracepointFormat f, int nr, long[] args, String... copies) {
    SyscallFields fields = SyscallFields.of(f);
    int copiesAt = 16 + 8 * fields.argCount();
    int dataAt = copiesAt + 4 * copies.length;
    ByteBuffer b = ByteBuffer.allocate(dataAt + 256).order(ByteOrder.LITTLE_ENDIAN);
    b.putShort(0, (short) f.id()).putInt(4, 1234).putInt(8, nr);
    for (int i = 0; i < fields.argCount(); i++) {
      b.putLong(16 + 8 * i, args[i]);
    }
    int at = dataAt;
    for (int c = 0; c < copies.length; c++) {
      byte[] s =
          copies[c] == null
              ? new byte[0]
              : (copies[c] + "\0").getBytes(StandardCharsets.ISO_8859_1);
      b.putInt(copiesAt + 4 * c, at | (s.length << 16));
      b.put(at, s);
      at += s.length;
    }
    byte[] out = new byte[at];
    b.get(0, out);
    return out;
  }

  @Test
  void theCopiesFieldsAreNoArguments() throws Exception {
    SyscallFields openat = SyscallFields.of(format("sys_enter_openat-with-copy.format"));
    assertThat(openat.argCount()).isEqualTo(4);
    assertThat(openat.copy(1).name()).isEqualTo("__filename_val");
    assertThat(openat.copy(0)).isNull();
    SyscallFields rename = SyscallFields.of(format("sys_enter_renameat2-with-copies.format"));
    assertThat(rename.argCount()).isEqualTo(5);
    assertThat(rename.copy(1).name()).isEqualTo("__oldname_val");
    assertThat(rename.copy(3).name()).isEqualTo("__newname_val");
  }

  @Test
  void replayTakesTheKernelsCopies() throws Exception {
    TracepointFormat f = format("sys_enter_renameat2-with-copies.format");
    long[] args = {-100, 0x7000, -100, 0x8000, 1, 0};
    SyscallPayload p =
        SyscallPayload.decode(
            new RawPayload(
                f, record(f, RENAMEAT2, args, "/tmp/a b", "/tmp/\377"), ByteOrder.LITTLE_ENDIAN));
    assertThat(p.argCount()).isEqualTo(5);
    assertThat(p.args()).isEqualTo(args);
    assertThat(p.strings()[1]).isEqualTo("/tmp/a b");
    assertThat(p.strings()[3]).isEqualTo("/tmp/\u00ff"); // a byte string: one char per byte
    assertThat(p.strings()[0]).isNull();

    TracepointFormat o = format("sys_enter_openat-with-copy.format");
    SyscallPayload unreadable =
        SyscallPayload.decode(
            new RawPayload(
                o,
                record(o, OPENAT, new long[] {-100, 0x7000, 0, 0}, (String) null),
                ByteOrder.LITTLE_ENDIAN));
    assertThat(unreadable.argCount()).isEqualTo(4);
    assertThat(unreadable.strings()).isNull();
    SyscallPayload empty =
        SyscallPayload.decode(
            new RawPayload(
                o,
                record(o, OPENAT, new long[] {-100, 0x7000, 0, 0}, ""),
                ByteOrder.LITTLE_ENDIAN));
    assertThat(empty.strings()[1]).isEmpty();
  }

  @Test
  void perfScriptStyleRenderingShowsTheCopy() throws Exception {
    TracepointFormat o = format("sys_enter_openat-with-copy.format");
    RawPayload p =
        new RawPayload(
            o,
            record(o, OPENAT, new long[] {-100, 0x7000, 0, 0}, "/etc/hostname"),
            ByteOrder.LITTLE_ENDIAN);
    assertThat(p.render()).contains("filename: 0x00007000 \"/etc/hostname\"");
  }

  @Test
  void theLiveDecoderTakesTheKernelsCopies() throws Exception {
    TracepointFormat f = format("sys_enter_openat-with-copy.format");
    SyscallTracepoints tracepoints = new SyscallTracepoints();
    SyscallFields fields = SyscallFields.of(f);
    tracepoints.addEnter(f.id(), fields.argCount());
    tracepoints.addCopies(f.id(), fields);
    byte[] raw = record(f, OPENAT, new long[] {-100, 0x7000, 0x80000, 0}, "/etc/hostname");
    RecordLayout layout = TracerAttr.LAYOUT;
    int size = (layout.sampleRaw() + raw.length + 7) & ~7;
    List<TraceRecord> out = new ArrayList<>();
    RingRecordDecoder decoder =
        new RingRecordDecoder(tracepoints, -1, RingRecordDecoder.NewFdResolver.NONE, out::add);
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment s = arena.allocate(size, 8);
      s.set(ValueLayout.JAVA_INT_UNALIGNED, layout.samplePid(), 1234);
      s.set(ValueLayout.JAVA_INT_UNALIGNED, layout.sampleTid(), 1234);
      s.set(ValueLayout.JAVA_LONG_UNALIGNED, layout.sampleTime(), 99);
      s.set(ValueLayout.JAVA_INT_UNALIGNED, layout.sampleRawSize(), raw.length);
      MemorySegment.copy(raw, 0, s, ValueLayout.JAVA_BYTE, layout.sampleRaw(), raw.length);
      decoder.record(s, 0, RecordType.SAMPLE, 0, size);
    }
    SyscallEnter e = (SyscallEnter) out.get(0);
    assertThat(e.nr()).isEqualTo(OPENAT);
    assertThat(e.args()).isEqualTo(new long[] {-100, 0x7000, 0x80000, 0, 0, 0});
    assertThat(e.strings()[1]).isEqualTo("/etc/hostname");
    assertThat(e.memory().string(1)).isEqualTo("/etc/hostname");
  }
}
