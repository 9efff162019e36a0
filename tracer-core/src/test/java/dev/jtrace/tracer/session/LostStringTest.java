package dev.jtrace.tracer.session;

import static com.google.common.truth.Truth.assertThat;

import dev.jtrace.beauty.Arch;
import dev.jtrace.beauty.SyscallBeautifier;
import dev.jtrace.tracer.event.SyscallEnter;
import dev.jtrace.tracer.event.SyscallExit;
import dev.jtrace.tracer.event.SyscallString;
import dev.jtrace.tracer.options.TraceOptions;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A string the kernel copied whose record was lost (a full ring) is counted and marked, never shown
 * as a bare pointer; a string left over from an entry that was lost never names a later call.
 */
class LostStringTest {
  private static final SyscallBeautifier B = SyscallBeautifier.forArch(Arch.X86_64);
  private static final int OPENAT = 257;
  private static final int TID = 42;
  private static final long PATH = 0x7ffe1000L;
  private static final long OTHER_PATH = 0x7ffe2000L;

  private final StringWriter out = new StringWriter();
  private TracePipeline pipeline;
  private long time;

  @BeforeEach
  void setUp() {
    pipeline = TracePipeline.builder(TraceOptions.builder().build(), B).writer(out).build();
    pipeline.processor().expectStrings(Map.of(OPENAT, new int[] {1}));
  }

  private void string(long pointer, String value) throws Exception {
    pipeline.processor().process(new SyscallString(++time, 0, TID, TID, OPENAT, 1, pointer, value));
  }

  private void openat(long pointer) throws Exception {
    long[] args = {-100, pointer, 0, 0, 0, 0};
    pipeline.processor().process(new SyscallEnter(++time, 0, TID, TID, OPENAT, args));
    pipeline.processor().process(new SyscallExit(++time, 0, TID, TID, OPENAT, -2, null));
  }

  private String finish() throws Exception {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    pipeline.finish(new PrintStream(err, true, StandardCharsets.UTF_8));
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void aCapturedStringNamesItsCall() throws Exception {
    string(PATH, "/etc/hostname");
    openat(PATH);
    assertThat(out.toString()).contains("filename: \"/etc/hostname\"");
    assertThat(pipeline.processor().lostStrings()).isEqualTo(0);
    assertThat(finish()).isEmpty();
  }

  @Test
  void aLostStringIsMarkedAndCounted() throws Exception {
    openat(PATH);
    assertThat(out.toString()).contains("filename: 0x7ffe1000 (string lost)");
    assertThat(pipeline.processor().lostStrings()).isEqualTo(1);
    assertThat(finish()).contains("jtrace: LOST 0 events, 1 strings!");
  }

  @Test
  void aStringOfALostEntryDoesNotNameTheNextCall() throws Exception {
    string(OTHER_PATH, "/from/a/lost/entry");
    openat(PATH);
    assertThat(out.toString()).doesNotContain("/from/a/lost/entry");
    assertThat(out.toString()).contains("filename: 0x7ffe1000 (string lost)");
    assertThat(pipeline.processor().lostStrings()).isEqualTo(1);
  }

  @Test
  void aStringTheKernelCouldNotReadPrintsAsAPointer() throws Exception {
    string(PATH, null);
    openat(PATH);
    assertThat(out.toString()).contains("filename: 0x7ffe1000,");
    assertThat(out.toString()).doesNotContain("string lost");
    assertThat(pipeline.processor().lostStrings()).isEqualTo(0);
  }
}
