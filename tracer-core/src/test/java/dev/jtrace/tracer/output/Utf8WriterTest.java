package dev.jtrace.tracer.output;

import static com.google.common.truth.Truth.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Lines reach the stream as UTF-8, whatever their size against the buffer. */
class Utf8WriterTest {
  @Test
  void writesUtf8AcrossBufferBoundaries() throws Exception {
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    StringBuilder expected = new StringBuilder();
    try (Utf8Writer w = new Utf8Writer(sink, 16)) {
      String[] parts = {
        "openat(\"/tmp/caf\u00e9\") = 3\n", "x", "\u65e5\u672c\u8a9e path that is longer than 16\n"
      };
      for (String p : parts) {
        w.append(new StringBuilder(p));
        expected.append(p);
      }
      w.append('\u00e9').append('-');
      w.write("[ab]", 1, 2);
      w.write(new char[] {'q', '\u00fc'}, 0, 2);
      expected.append("\u00e9-abq\u00fc");
    }
    assertThat(sink.toString(StandardCharsets.UTF_8)).isEqualTo(expected.toString());
  }
}
