package dev.jtrace.tracer.bpf;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jtrace.tracer.perf.NativeCalls;
import dev.jtrace.tracer.perf.OnlineCpus;
import dev.jtrace.tracer.perf.PerfEvent;
import dev.jtrace.tracer.perf.PerfEventAttr;
import dev.jtrace.tracer.perf.PerfException;
import dev.jtrace.tracer.perf.RingBuffer;
import dev.jtrace.tracer.perf.SampleLayout;
import dev.jtrace.tracer.perf.Tracefs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Loads the capture programs into the real kernel and reads back a path this thread opens. */
class StringCaptureTest {
  private static final int OPENAT = 257;

  @Test
  void assemblesJumpsToTheirLabels() {
    long[] code = new BpfAssembler().jumpImm(BpfAssembler.JEQ, 1, 0, "end").movImm(0, 7).label("end").exit().build();
    assertThat(code).hasLength(3);
    assertThat((code[0] >>> 16) & 0xffff).isEqualTo(1); // skips one instruction
    assertThat(code[0] & 0xff).isEqualTo(0x15); // JMP|JEQ|K
    assertThat(code[2] & 0xff).isEqualTo(0x95); // JMP|EXIT
  }

  @Test
  void capturesThePathOfAnOpenatOfThisThread(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    assumeTrue("root".equals(System.getProperty("user.name")), "needs root for BPF and perf events");
    Tracefs tracefs;
    try {
      tracefs = Tracefs.locate();
    } catch (PerfException e) {
      assumeTrue(false, "no tracefs: " + e.getMessage());
      return;
    }
    Path file = Files.writeString(dir.resolve("captured-by-bpf.txt"), "x");
    List<Integer> cpus = OnlineCpus.online();
    List<RingBuffer> rings = new ArrayList<>();
    List<String> seen = new ArrayList<>();
    try (StringCapture capture = StringCapture.open(tracefs, cpus, Map.of(OPENAT, new int[] {1}), false, 1);
        PerfEvent enter = PerfEvent.open(
            PerfEventAttr.tracepoint(tracefs.eventId("raw_syscalls", "sys_enter")), NativeCalls.gettid(), -1,
            "raw_syscalls:sys_enter")) {
      for (int cpu : cpus) {
        rings.add(RingBuffer.map(capture.outputEvent(cpu), cpu, 16));
      }
      capture.trace(NativeCalls.gettid());
      capture.attachTo(enter);
      capture.enable();
      enter.enable();
      Files.readString(file);
      enter.disable();
      for (RingBuffer r : rings) {
        r.drain((seg, off, type, misc, size) -> {
          if (type == 9) { // PERF_RECORD_SAMPLE
            int rawSize = seg.get(java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED, off + SampleLayout.SAMPLE_RAW_SIZE);
            StringCapture.CapturedString s = StringCapture.decode(seg, off + SampleLayout.SAMPLE_RAW, rawSize);
            if (s != null) {
              assertThat(s.syscall()).isEqualTo(OPENAT);
              assertThat(s.argIndex()).isEqualTo(1);
              seen.add(s.value());
            }
          }
        });
      }
    } finally {
      rings.forEach(RingBuffer::close);
    }
    assertThat(seen).contains(file.toString());
  }
}
