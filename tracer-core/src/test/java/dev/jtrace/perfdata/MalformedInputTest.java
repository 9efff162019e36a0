package dev.jtrace.perfdata;

import static com.google.common.truth.Truth.assertThat;

import dev.jtrace.perfdata.Fixtures.Collected;
import dev.jtrace.perfdata.read.PerfDataReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Each kind of damage ends the read with one line naming the offset; what came before is delivered.
 */
class MalformedInputTest {
  private static byte[] rawSyscalls() throws IOException {
    return Files.readAllBytes(Fixtures.ours("raw_syscalls-true.data"));
  }

  private static Collected read(byte[] image) {
    Collected c = new Collected();
    c.result = PerfDataReader.read(image, c);
    return c;
  }

  private static ByteBuffer le(byte[] b) {
    return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
  }

  /** The file offset of the n-th record of the data section. */
  private static int recordOffset(byte[] b, int n) {
    ByteBuffer h = le(b);
    int at = (int) h.getLong(40);
    for (int i = 0; i < n; i++) at += Short.toUnsignedInt(h.getShort(at + 6));
    return at;
  }

  @Test
  void intactFileHasNoError() throws IOException {
    assertThat(read(rawSyscalls()).result.error()).isNull();
  }

  @Test
  void wrongMagic() throws IOException {
    byte[] b = rawSyscalls();
    b[0] = 'X';
    Collected c = read(b);
    assertThat(c.result.error())
        .isEqualTo("offset 0x0: not a perf.data file: the magic is not PERFILE2");
    assertThat(c.records).isEmpty();
  }

  @Test
  void truncatedInsideARecord() throws IOException {
    byte[] b = rawSyscalls();
    int cut = recordOffset(b, 30) + 20;
    Collected c = read(Arrays.copyOf(b, cut));
    assertThat(c.result.error())
        .startsWith(
            "offset 0x" + Integer.toHexString(recordOffset(b, 30)) + ": the input ends inside a ");
    assertThat(c.samples).isNotEmpty();
    assertThat(c.warnings.toString()).contains("truncated?");
  }

  @Test
  void recordSizeZero() throws IOException {
    byte[] b = rawSyscalls();
    int at = recordOffset(b, 20);
    le(b).putShort(at + 6, (short) 0);
    Collected c = read(b);
    assertThat(c.result.error())
        .isEqualTo(
            "offset 0x"
                + Integer.toHexString(at)
                + ": record size 0 is smaller than the 8-byte record header");
    assertThat(c.result.records()).isEqualTo(20);
    assertThat(c.samples).isNotEmpty();
  }

  @Test
  void attrEntrySizeThatLies() throws IOException {
    byte[] b = rawSyscalls();
    le(b).putLong(16, 1L << 40);
    assertThat(read(b).result.error())
        .startsWith("offset 0x10: attr entry size 1099511627776 is not between");
    le(b).putLong(16, 136); // not a divisor of the attrs section size
    assertThat(read(b).result.error())
        .startsWith("offset 0x20: attrs section size 288 is not a multiple");
  }

  @Test
  void sectionPastTheEnd() throws IOException {
    byte[] b = rawSyscalls();
    le(b).putLong(40, b.length + 4096L);
    assertThat(read(b).result.error()).startsWith("offset 0x28: the data section (offset ");
  }

  @Test
  void featureSectionThatOverflows() throws IOException {
    byte[] b = rawSyscalls();
    ByteBuffer h = le(b);
    long table = h.getLong(40) + h.getLong(48);
    h.putLong((int) table + 8, 1L << 50); // the first feature (TRACING_DATA) claims 1 PiB
    Collected c = read(b);
    assertThat(c.result.error())
        .isEqualTo(
            "offset 0x"
                + Long.toHexString(table)
                + ": the feature TRACING_DATA section (offset "
                + h.getLong((int) table)
                + ", size 1125899906842624) lies past the end of the "
                + b.length
                + "-byte file");
  }

  @Test
  void stringInsideAFeatureThatOverflows() throws IOException {
    byte[] b = rawSyscalls();
    ByteBuffer h = le(b);
    long table = h.getLong(40) + h.getLong(48);
    // features in bit order: TRACING_DATA (1), BUILD_ID (2), HOSTNAME (3): the hostname's u32
    // length
    long hostname = h.getLong((int) table + 32);
    h.putInt((int) hostname, 0x7fff0000);
    Collected c = read(b);
    assertThat(c.result.error())
        .isEqualTo(
            "offset 0x"
                + Long.toHexString(hostname)
                + ": hostname length 2147418112 runs past the end of the section ("
                + (h.getLong((int) table + 40) - 4)
                + " bytes left)");
  }

  @Test
  void tracingDataCountThatLies() throws IOException {
    byte[] b = rawSyscalls();
    ByteBuffer h = le(b);
    long table = h.getLong(40) + h.getLong(48);
    int td = (int) h.getLong((int) table);
    // magic(10) "0.6\0"(4) endian(1) long(1) page(4), "header_page\0"(12) + u64 + text ...
    int at = td + 20 + 12;
    long pageSize = h.getLong(at);
    at += 8 + (int) pageSize + 13;
    long eventSize = h.getLong(at);
    at += 8 + (int) eventSize; // the ftrace format count
    h.putInt(at, 1_000_000_000);
    Collected c = read(b);
    assertThat(c.result.error())
        .isEqualTo(
            "offset 0x"
                + Integer.toHexString(at)
                + ": ftrace format count 1000000000 does not fit in the "
                + (h.getLong((int) table + 8) - (at - td) - 4)
                + " bytes left");
  }
}
