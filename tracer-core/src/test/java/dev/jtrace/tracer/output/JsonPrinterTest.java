package dev.jtrace.tracer.output;

import static com.google.common.truth.Truth.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.jtrace.beauty.Arch;
import dev.jtrace.beauty.BeautyContext;
import dev.jtrace.beauty.CapturedMemory;
import dev.jtrace.beauty.SyscallBeautifier;
import dev.jtrace.tracer.event.SyscallEnter;
import dev.jtrace.tracer.event.SyscallEvent;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The JSON lines parse, and their text fields are exactly the text printer's renderings (quotes,
 * backslashes and control characters escaped, nothing else changed).
 */
class JsonPrinterTest {
  private static final SyscallBeautifier B = SyscallBeautifier.forArch(Arch.X86_64);
  private static final int READ = 0;
  private static final int OPENAT = 257;

  /** A comm and an fd path with every character JSON must escape, and some it must not. */
  private static final String COMM = "a\"b\\c\n\t\r\u0001\u001f é/";

  private static final String PATH = "/tmp/q\"uote\\d \u0002x";
  private static final BeautyContext CTX =
      new BeautyContext() {
        @Override
        public String comm(int pid) {
          return COMM;
        }

        @Override
        public String fdPath(int pid, int fd) {
          return PATH;
        }
      };

  private final StringWriter out = new StringWriter();
  private final TimeBase base = new TimeBase(false);
  private final JsonPrinter p = new JsonPrinter(out, B, CTX, TextOptions.builder().build(), base);

  private JsonNode call(int nr, long[] args, long ret) throws Exception {
    base.observe(1_000_000);
    SyscallEnter e = new SyscallEnter(1_000_000, 0, 7, 7, nr, args);
    p.entered(e);
    p.completed(
        new SyscallEvent(
            e.time(), 2_000, 7, 7, 1, nr, args, ret, SyscallEvent.Completion.COMPLETE));
    List<String> lines = out.toString().lines().toList();
    return JsonMapper.builder().build().readTree(lines.getLast());
  }

  @Test
  void interleavedThreadsKeepTheirOwnArguments() throws Exception {
    base.observe(1_000_000);
    long[] a = {3, 0x1000, 10, 0, 0, 0};
    long[] b = {4, 0x2000, 20, 0, 0, 0};
    SyscallEnter first = new SyscallEnter(1_000_000, 0, 7, 7, READ, a);
    SyscallEnter second = new SyscallEnter(1_500_000, 1, 7, 8, READ, b);
    p.entered(first);
    p.entered(second); // the first's return comes after the second's entry
    p.completed(
        new SyscallEvent(
            first.time(), 2_000_000, 7, 7, 0, READ, a, 1, SyscallEvent.Completion.COMPLETE));
    p.entered(first); // and a third entry while the second is still out
    p.completed(
        new SyscallEvent(
            second.time(), 2_000_000, 7, 8, 1, READ, b, 2, SyscallEvent.Completion.COMPLETE));
    p.completed(
        new SyscallEvent(
            first.time(), 1_000, 7, 7, 0, READ, a, 3, SyscallEvent.Completion.COMPLETE));
    List<JsonNode> lines = new ArrayList<>();
    for (String l : out.toString().lines().toList()) {
      lines.add(JsonMapper.builder().build().readTree(l));
    }
    assertThat(lines).hasSize(3);
    assertThat(lines.get(0).get("args").get(2).get("raw").asLong()).isEqualTo(10);
    assertThat(lines.get(1).get("tid").asInt()).isEqualTo(8);
    assertThat(lines.get(1).get("args").get(2).get("raw").asLong()).isEqualTo(20);
    assertThat(lines.get(2).get("args").get(2).get("raw").asLong()).isEqualTo(10);
  }

  @Test
  void textFieldsAreTheTextRenderingsEscaped() throws Exception {
    long[] args = {5, 0x1000, 1, 0, 0, 0};
    JsonNode n = call(READ, args, 1);
    assertThat(n.get("comm").asText()).isEqualTo(COMM);
    assertThat(n.get("syscall").asText()).isEqualTo("read");
    assertThat(n.get("nr").asInt()).isEqualTo(READ);
    assertThat(n.get("cpu").asInt()).isEqualTo(1);
    StringBuilder text = new StringBuilder();
    B.appendArgs(text, 7, READ, args, CapturedMemory.NONE, CTX);
    StringBuilder fromJson = new StringBuilder();
    for (JsonNode a : n.get("args")) {
      fromJson.append(fromJson.isEmpty() ? "" : ", ");
      fromJson.append(a.get("name").asText()).append(": ").append(a.get("text").asText());
    }
    assertThat(fromJson.toString()).isEqualTo(text.toString());
    assertThat(text.toString()).contains("q\\\"uote"); // C escapes, then JSON ones on top
    assertThat(n.get("args").get(0).get("raw").asLong()).isEqualTo(5);
  }

  @Test
  void returnTextIsEscapedAndFailuresNameTheErrno() throws Exception {
    JsonNode ok = call(OPENAT, new long[] {-100, 0x2000, 0, 0, 0, 0}, 3);
    StringBuilder r = new StringBuilder();
    B.appendReturn(r, 7, OPENAT, 3, new long[6], CTX);
    assertThat(ok.get("ret_text").asText()).isEqualTo(r.toString());
    assertThat(ok.get("ret").asLong()).isEqualTo(3);
    assertThat(ok.get("errno").isNull()).isTrue();
    JsonNode failed = call(OPENAT, new long[] {-100, 0x2000, 0, 0, 0, 0}, -2);
    assertThat(failed.get("errno").asText()).isEqualTo("ENOENT");
    assertThat(failed.get("ret_text").asText()).startsWith("-1 ENOENT");
    assertThat(failed.get("syscall").asText()).isEqualTo("openat");
  }
}
