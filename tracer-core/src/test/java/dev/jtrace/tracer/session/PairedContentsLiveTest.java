package dev.jtrace.tracer.session;

import static com.google.common.truth.Truth.assertThat;

import dev.jtrace.beauty.Arch;
import dev.jtrace.beauty.content.CapturePhase;
import dev.jtrace.beauty.content.CapturedContent;
import dev.jtrace.beauty.content.ContentKind;
import dev.jtrace.beauty.content.ContentRenderer;
import dev.jtrace.beauty.content.ContentSpec;
import dev.jtrace.tracer.bpf.BpfRing;
import dev.jtrace.tracer.bpf.ContentPlan;
import dev.jtrace.tracer.bpf.PairedCapture;
import dev.jtrace.tracer.event.PairedRecordDecoder;
import dev.jtrace.tracer.event.PairedSyscall;
import dev.jtrace.tracer.perf.NativeCalls;
import dev.jtrace.tracer.perf.Tracefs;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The paired capture copies contents by hand-made ContentSpecs from a real C workload: a path at
 * entry, fstat's 144-byte struct and read's bytes at exit, pipe2's int[2] at exit, write's buffer
 * at entry; checked byte by byte against what the workload did.
 */
class PairedContentsLiveTest {
  private static final int READ = 0;
  private static final int WRITE = 1;
  private static final int FSTAT = 5;
  private static final int OPENAT = 257;
  private static final int PIPE2 = 293;
  private static final int STAT_SIZE_OFFSET = 48; // x86_64 struct stat: st_size

  @TempDir static Path dir;
  static Path workload;
  static Path file;

  @BeforeAll
  static void build() throws Exception {
    TracedRun.assumeTracingWorks();
    org.junit.jupiter.api.Assumptions.assumeTrue(
        Arch.host() == Arch.X86_64, "the syscall numbers and stat layout here are x86_64's");
    try (var in = PairedContentsLiveTest.class.getResourceAsStream("paired.c")) {
      workload =
          TracedRun.compile(dir, "paired", new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
    file = Files.writeString(dir.resolve("hostname"), "myhost\n");
  }

  private static final Map<Integer, List<ContentSpec>> SPECS =
      Map.of(
          OPENAT,
          List.of(ContentSpec.builder(1, ContentKind.STRING).build()),
          FSTAT,
          List.of(
              ContentSpec.builder(1, ContentKind.BYTES)
                  .phase(CapturePhase.EXIT)
                  .elementSize(144)
                  .type("stat")
                  .build()),
          READ,
          List.of(ContentSpec.builder(1, ContentKind.BYTES).lengthFromReturn().build()),
          PIPE2,
          List.of(
              ContentSpec.builder(0, ContentKind.BYTES)
                  .phase(CapturePhase.EXIT)
                  .elementSize(4)
                  .maxElements(2)
                  .type("int")
                  .build()),
          WRITE,
          List.of(ContentSpec.builder(1, ContentKind.BYTES).lengthFromArg(2).build()));

  @Test
  void copiesEachContentOfARealWorkload() throws Exception {
    ContentPlan plan = ContentPlan.everySyscall(SPECS, 32);
    List<PairedSyscall> calls = new ArrayList<>();
    try (PairedCapture capture =
            PairedCapture.open(
                Tracefs.locate(),
                plan,
                new PairedCapture.Settings(Arch.host(), false, true, 1 << 22, 0, -1));
        Arena arena = Arena.ofConfined()) {
      // this thread is traced; the workload it starts is followed through fork
      capture.trace(NativeCalls.gettid());
      capture.start();
      Process p = new ProcessBuilder(workload.toString(), file.toString()).start();
      assertThat(p.waitFor()).isEqualTo(0);
      capture.stop();
      MemorySegment copy = arena.allocate(capture.ring().dataBytes(), 8);
      long n = capture.ring().copyAvailable(copy);
      PairedRecordDecoder decoder =
          new PairedRecordDecoder(
              plan,
              new ContentRenderer(Arch.host(), 32),
              new ContentRenderer(Arch.host(), 32),
              -1,
              () -> Long.MIN_VALUE,
              r -> {
                if (r instanceof PairedSyscall c && c.pid() == p.pid()) {
                  calls.add(c);
                }
              });
      BpfRing.forEachRecord(copy, n, decoder);
    }
    assertThat(calls).isNotEmpty();
    PairedSyscall open = last(calls, OPENAT);
    assertThat(open.contents().string(1)).isEqualTo(file.toString());
    int fd = (int) open.ret();

    PairedSyscall fstat = last(calls, FSTAT);
    assertThat(fstat.args()[0]).isEqualTo(fd);
    CapturedContent stat = fstat.contents().contents().getFirst();
    assertThat(stat.status()).isEqualTo(CapturedContent.Status.OK);
    assertThat(stat.bytes().remaining()).isEqualTo(144);
    assertThat(stat.bytes().getLong(STAT_SIZE_OFFSET)).isEqualTo(7);

    PairedSyscall read = last(calls, READ);
    assertThat(read.ret()).isEqualTo(7);
    assertThat(read.contents().string(1)).isEqualTo("myhost\n");

    PairedSyscall pipe = last(calls, PIPE2);
    ByteBuffer fds = pipe.contents().contents().getFirst().bytes().order(ByteOrder.LITTLE_ENDIAN);
    assertThat(fds.remaining()).isEqualTo(8);
    int readEnd = fds.getInt(0);
    int writeEnd = fds.getInt(4);
    assertThat(readEnd).isGreaterThan(fd);
    assertThat(writeEnd).isGreaterThan(readEnd);

    PairedSyscall write = last(calls, WRITE);
    assertThat(write.args()[0]).isEqualTo(writeEnd); // the fd the pipe's content named
    assertThat(write.contents().string(1)).isEqualTo("through the pipe");
    assertThat(write.contents().cut(1)).isFalse();
  }

  private static PairedSyscall last(List<PairedSyscall> calls, int nr) {
    PairedSyscall found = null;
    for (PairedSyscall c : calls) {
      if (c.nr() == nr && c.kind() == PairedSyscall.Kind.COMPLETE) {
        found = c;
      }
    }
    assertThat(found).isNotNull();
    return found;
  }
}
