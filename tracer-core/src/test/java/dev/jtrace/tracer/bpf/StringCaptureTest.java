package dev.jtrace.tracer.bpf;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jtrace.tracer.event.RingRecordDecoder;
import dev.jtrace.tracer.event.SyscallString;
import dev.jtrace.tracer.event.SyscallTracepoints;
import dev.jtrace.tracer.perf.NativeCalls;
import dev.jtrace.tracer.perf.OnlineCpus;
import dev.jtrace.tracer.perf.PerfEvent;
import dev.jtrace.tracer.perf.PerfException;
import dev.jtrace.tracer.perf.RingBuffer;
import dev.jtrace.tracer.perf.Tracefs;
import dev.jtrace.tracer.perf.TracerAttr;
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
    long[] code =
        new BpfAssembler()
            .jumpImm(BpfAssembler.JEQ, 1, 0, "end")
            .movImm(0, 7)
            .label("end")
            .exit()
            .build();
    assertThat(code).hasLength(3);
    assertThat((code[0] >>> 16) & 0xffff).isEqualTo(1); // skips one instruction
    assertThat(code[0] & 0xff).isEqualTo(0x15); // JMP|JEQ|K
    assertThat(code[2] & 0xff).isEqualTo(0x95); // JMP|EXIT
  }

  @Test
  void capturesThePathOfAnOpenatOfThisThread(@org.junit.jupiter.api.io.TempDir Path dir)
      throws Exception {
    assumeTrue(
        "root".equals(System.getProperty("user.name")), "needs root for BPF and perf events");
    Tracefs tracefs;
    try {
      tracefs = Tracefs.locate();
    } catch (PerfException e) {
      assumeTrue(false, "no tracefs: " + e.getMessage());
      return;
    }
    Path file = Files.writeString(dir.resolve("captured-by-bpf.txt"), "x");
    List<Integer> cpus = OnlineCpus.online();
    long enterId = tracefs.eventId("raw_syscalls", "sys_enter");
    SyscallTracepoints tracepoints = new SyscallTracepoints();
    tracepoints.addRaw(enterId, tracefs.eventId("raw_syscalls", "sys_exit"));
    List<PerfEvent> enters = new ArrayList<>();
    List<RingBuffer> rings = new ArrayList<>();
    List<String> seen = new ArrayList<>();
    // As live tracing wires it: one sys_enter event and ring per CPU, the strings redirected into
    // that ring,
    // the program attached once, the records decoded by the tracer's decoder.
    try (StringCapture capture =
        StringCapture.open(tracefs, cpus, Map.of(OPENAT, new int[] {1}), false, 1)) {
      for (int cpu : cpus) {
        PerfEvent enter =
            PerfEvent.open(
                TracerAttr.tracepoint(enterId).build(),
                NativeCalls.gettid(),
                cpu,
                "raw_syscalls:sys_enter");
        enters.add(enter);
        RingBuffer ring = RingBuffer.map(enter, cpu, 16);
        rings.add(ring);
        capture.redirectInto(cpu, enter);
      }
      capture.trace(NativeCalls.gettid());
      capture.attachTo(enterId, 6);
      capture.enable();
      for (PerfEvent e : enters) {
        e.enable();
      }
      Files.readString(file);
      for (PerfEvent e : enters) {
        e.disable();
      }
      RingRecordDecoder decoder =
          new RingRecordDecoder(
              tracepoints,
              -1,
              RingRecordDecoder.NewFdResolver.NONE,
              r -> {
                if (r instanceof SyscallString s) {
                  assertThat(s.nr()).isEqualTo(OPENAT);
                  assertThat(s.argIndex()).isEqualTo(1);
                  seen.add(s.value());
                }
              });
      for (RingBuffer r : rings) {
        r.drain(decoder);
      }
    } finally {
      rings.forEach(RingBuffer::close);
      enters.forEach(PerfEvent::close);
    }
    assertThat(seen).contains(file.toString());
  }
}
