package dev.jtrace.perfdata;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jtrace.beauty.Arch;
import dev.jtrace.beauty.SyscallBeautifier;
import dev.jtrace.cli.ScriptCommand;
import dev.jtrace.perfdata.Fixtures.Collected;
import dev.jtrace.perfdata.Fixtures.Run;
import dev.jtrace.perfdata.SyntheticTrace.Call;
import dev.jtrace.perfdata.read.PerfDataEvent;
import dev.jtrace.perfdata.read.Sample;
import dev.jtrace.perfdata.write.HostInfo;
import dev.jtrace.perfdata.write.PerfDataWriter;
import dev.jtrace.perfdata.write.TracingDataSource;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Our writer → our reader, and our writer → the real perf. */
class WriterRoundTripTest {
  @TempDir Path dir;

  private final SyntheticTrace trace = new SyntheticTrace();

  /**
   * x86_64: openat(AT_FDCWD, p, O_RDONLY|O_CLOEXEC) = 3, getpid() = 4242, close(3) = 0, openat(...)
   * = -ENOENT.
   */
  private static final List<Call> X86_CALLS =
      List.of(
          new Call(257, new long[] {-100, 0x7ffd0000L, 0x80000, 0, 0, 0}, 3),
          new Call(39, new long[0], SyntheticTrace.PID),
          new Call(3, new long[] {3}, 0),
          new Call(257, new long[] {-100, 0x7ffd0040L, 0, 0, 0, 0}, -2));

  /** The same calls with arm64 numbers: openat 56, getpid 172, close 57. */
  private static final List<Call> ARM64_CALLS =
      List.of(
          new Call(56, new long[] {-100, 0x7ffd0000L, 0x80000, 0, 0, 0}, 3),
          new Call(172, new long[0], SyntheticTrace.PID),
          new Call(57, new long[] {3}, 0),
          new Call(56, new long[] {-100, 0x7ffd0040L, 0, 0, 0, 0}, -2));

  private static final List<String> EXPECTED_SCRIPT =
      List.of(
          "            demo  4242 [001]     5.000001: raw_syscalls:sys_enter: NR 257"
              + " (ffffffffffffff9c, 7ffd0000, 80000, 0, 0, 0)",
          "            demo  4242 [001]     5.000002:  raw_syscalls:sys_exit: NR 257 = 3",
          "            demo  4242 [001]     5.000003: raw_syscalls:sys_enter: NR 39 (0, 0, 0, 0, 0,"
              + " 0)",
          "            demo  4242 [001]     5.000004:  raw_syscalls:sys_exit: NR 39 = 4242",
          "            demo  4242 [001]     5.000005: raw_syscalls:sys_enter: NR 3 (3, 0, 0, 0, 0,"
              + " 0)",
          "            demo  4242 [001]     5.000006:  raw_syscalls:sys_exit: NR 3 = 0",
          "            demo  4242 [001]     5.000007: raw_syscalls:sys_enter: NR 257"
              + " (ffffffffffffff9c, 7ffd0040, 0, 0, 0, 0)",
          "            demo  4242 [001]     5.000008:  raw_syscalls:sys_exit: NR 257 = -2");

  private static List<String> jtraceScript(Path file, String... extra) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    String[] args = new String[2 + extra.length];
    args[0] = "-i";
    args[1] = file.toString();
    System.arraycopy(extra, 0, args, 2, extra.length);
    int rc =
        ScriptCommand.run(
            args,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
    assertThat(rc).isEqualTo(0);
    return out.toString(StandardCharsets.UTF_8).lines().toList();
  }

  private void assertReadsBack(Path file, boolean pipe, ByteOrder order, String arch) {
    Collected c = Fixtures.read(file);
    assertThat(c.result.error()).isNull();
    assertThat(c.warnings).isEmpty();
    assertThat(c.header.pipe()).isEqualTo(pipe);
    assertThat(c.header.order()).isEqualTo(order);
    assertThat(c.header.arch()).isEqualTo(arch);
    assertThat(c.header.tracingData().order()).isEqualTo(order);
    assertThat(c.header.events().stream().map(PerfDataEvent::name).toList())
        .containsExactly("raw_syscalls:sys_enter", "raw_syscalls:sys_exit")
        .inOrder();
    assertThat(c.header.events().get(1).ids()).asList().containsExactly(103L, 104L);
    assertThat(c.header.events().get(0).attr()).isEqualTo(trace.events().get(0).attr());
    assertThat(c.result.count("SAMPLE")).isEqualTo(8);
    assertThat(c.result.count("COMM")).isEqualTo(1);
    assertThat(c.result.count("EXIT")).isEqualTo(1);
    Sample first = c.samples.get(0);
    assertThat(first.pid()).isEqualTo(SyntheticTrace.PID);
    assertThat(first.cpu()).isEqualTo(1);
    assertThat(first.time()).isEqualTo(SyntheticTrace.T0 + 1000);
    assertThat(first.tracepoint().number("common_pid")).isEqualTo(SyntheticTrace.PID);
  }

  @Test
  void fileModeReadsBack() throws IOException {
    Path f = dir.resolve("perf.data");
    trace.write(f, PerfDataWriter.Options.FILE, "x86_64", X86_CALLS);
    assertReadsBack(f, false, ByteOrder.LITTLE_ENDIAN, "x86_64");
    assertThat(jtraceScript(f)).containsExactlyElementsIn(EXPECTED_SCRIPT).inOrder();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f)))
        .isEqualTo("rw-------");
  }

  @Test
  void existingFileIsKeptAsOld() throws IOException {
    Path f = dir.resolve("perf.data");
    Files.writeString(f, "previous recording");
    trace.write(f, PerfDataWriter.Options.FILE, "x86_64", X86_CALLS);
    assertThat(Files.readString(dir.resolve("perf.data.old"))).isEqualTo("previous recording");
    assertReadsBack(f, false, ByteOrder.LITTLE_ENDIAN, "x86_64");
  }

  @Test
  void byteSwappedFileReadsBack() throws IOException {
    Path f = dir.resolve("be.data");
    trace.write(f, new PerfDataWriter.Options(false, ByteOrder.BIG_ENDIAN), "x86_64", X86_CALLS);
    assertThat(new String(Files.readAllBytes(f), 0, 8, StandardCharsets.ISO_8859_1))
        .isEqualTo("2ELIFREP");
    assertReadsBack(f, false, ByteOrder.BIG_ENDIAN, "x86_64");
    assertThat(jtraceScript(f)).containsExactlyElementsIn(EXPECTED_SCRIPT).inOrder();
  }

  @Test
  void pipeModeReadsBackInBothByteOrders() throws IOException {
    for (ByteOrder order : List.of(ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN)) {
      Path f = dir.resolve("pipe-" + order + ".data");
      trace.write(f, new PerfDataWriter.Options(true, order), "x86_64", X86_CALLS);
      assertReadsBack(f, true, order, "x86_64");
      assertThat(jtraceScript(f)).containsExactlyElementsIn(EXPECTED_SCRIPT).inOrder();
    }
  }

  @Test
  void crossArchFileNamesSyscallsByItsArch() throws IOException {
    Path f = dir.resolve("arm64.data");
    trace.write(f, PerfDataWriter.Options.FILE, "aarch64", ARM64_CALLS);
    assertReadsBack(f, false, ByteOrder.LITTLE_ENDIAN, "aarch64");
    assertThat(Arch.parse("aarch64")).hasValue(Arch.ARM64);
    SyscallBeautifier arm64 = SyscallBeautifier.forArch(Arch.ARM64);
    List<String> lines = jtraceScript(f, "--pretty");
    assertThat(lines.get(0))
        .endsWith(
            "raw_syscalls:sys_enter: "
                + arm64.name(56)
                + "("
                + argsOf(arm64, 56, ARM64_CALLS.get(0).args())
                + ")");
    assertThat(lines.get(3)).contains(" raw_syscalls:sys_exit: " + arm64.name(172) + "() = ");
    assertThat(lines.get(4)).contains(arm64.name(57) + "(");
  }

  private static String argsOf(SyscallBeautifier b, int nr, long[] args) {
    StringBuilder sb = new StringBuilder();
    b.appendArgs(
        sb,
        0,
        nr,
        args,
        dev.jtrace.beauty.CapturedMemory.NONE,
        dev.jtrace.beauty.BeautyContext.NONE);
    return sb.toString();
  }

  @Test
  void tracingDataFromTracefs() throws IOException {
    Path tracefs = TracingDataSource.TRACEFS;
    assumeTrue(
        Files.isReadable(tracefs.resolve("events/raw_syscalls/sys_enter/format")),
        "tracefs is not mounted (or not readable) at " + tracefs);
    TracingDataSource src =
        TracingDataSource.fromTracefs(
            tracefs, List.of("raw_syscalls:sys_enter", "syscalls:sys_enter_futex"));
    Path f = dir.resolve("tracefs.data");
    var futex =
        dev.jtrace.perfdata.tracing.FormatParser.parse(
            "syscalls", src.formatsBySystem().get("syscalls").get(0));
    var events =
        List.of(
            new PerfDataWriter.Event(
                PerfDataWriter.tracepointAttr(futex.id(), true),
                "syscalls:sys_enter_futex",
                new long[] {7}));
    try (PerfDataWriter w =
        PerfDataWriter.create(
            f,
            PerfDataWriter.Options.FILE,
            events,
            src,
            HostInfo.host(List.of("jtrace", "record")))) {
      w.sample(
          0,
          1,
          1,
          1000,
          0,
          new dev.jtrace.perfdata.write.RawPayloadBuilder(futex, ByteOrder.LITTLE_ENDIAN)
              .set("__syscall_nr", 202)
              .set("uaddr", 0x1000)
              .set("op", 0x81)
              .bytes());
    }
    Collected c = Fixtures.read(f);
    assertThat(c.result.error()).isNull();
    assertThat(c.header.tracingData().headerPage()).contains("field: u64 timestamp");
    assertThat(c.header.tracingData().events().stream().map(e -> e.system()).distinct().toList())
        .containsExactly("raw_syscalls", "syscalls")
        .inOrder();
    assertThat(c.samples.get(0).tracepoint().render())
        .startsWith("uaddr: 0x00001000, op: 0x00000081");
  }

  // ---- the real perf reads what we write ----

  private static Run perfRun(String... args) throws IOException, InterruptedException {
    List<String> cmd = new java.util.ArrayList<>();
    cmd.add(Fixtures.perf().toString());
    cmd.addAll(List.of(args));
    return Fixtures.run(cmd);
  }

  private static void assertClean(Run r, String what) {
    assertWithMessage(what + " exit status; stderr: " + r.err()).that(r.status()).isEqualTo(0);
    assertWithMessage(what + " stderr").that(r.err()).isEmpty();
  }

  @Test
  void realPerfAcceptsOurFiles() throws Exception {
    Fixtures.perf();
    for (ByteOrder order : List.of(ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN)) {
      Path f = dir.resolve("perf-" + order + ".data");
      trace.write(f, new PerfDataWriter.Options(false, order), "x86_64", X86_CALLS);
      String file = f.toString();

      Run script = perfRun("script", "-i", file);
      assertClean(script, "perf script " + order);
      assertThat(script.out().lines().toList())
          .containsExactlyElementsIn(EXPECTED_SCRIPT)
          .inOrder();

      Run evlist = perfRun("evlist", "-v", "-i", file);
      assertClean(evlist, "perf evlist -v " + order);
      List<String> ours =
          trace.events().stream().map(e -> e.name() + ": " + e.attr().describe()).toList();
      assertThat(evlist.out().lines().filter(l -> !l.startsWith("#")).toList())
          .containsExactlyElementsIn(ours)
          .inOrder();

      Run header = perfRun("report", "--header-only", "-i", file);
      assertClean(header, "perf report --header-only " + order);
      assertThat(header.out()).contains("# arch : x86_64");
      assertThat(header.out()).contains("# cmdline : jtrace record -- demo");
      assertThat(header.out())
          .contains("# event : name = raw_syscalls:sys_exit, , id = { 103, 104 }");
    }
    Path le = dir.resolve("perf-" + ByteOrder.LITTLE_ENDIAN + ".data");
    Run traceRun = perfRun("trace", "-i", le.toString());
    // perf trace prints its trace on stderr: a warning would be an extra line there
    assertThat(traceRun.status()).isEqualTo(0);
    List<String> lines = traceRun.err().lines().filter(l -> !l.isBlank()).toList();
    assertThat(lines).hasSize(4);
    assertThat(lines.get(0))
        .contains("demo/4242 openat(dfd: CWD, filename: 0x7ffd0000, flags: RDONLY|CLOEXEC)");
    assertThat(lines.get(0)).endsWith("= 3");
    assertThat(lines.get(1)).contains("getpid()");
    assertThat(lines.get(3)).contains("= -1 ENOENT");
  }

  @Test
  void realPerfReadsOurPipeMode() throws Exception {
    Fixtures.perf();
    Path f = dir.resolve("pipe.data");
    trace.write(f, PerfDataWriter.Options.PIPE, "x86_64", X86_CALLS);
    Run script = perfRun("script", "-i", f.toString());
    assertClean(script, "perf script (pipe mode)");
    assertThat(script.out().lines().toList()).containsExactlyElementsIn(EXPECTED_SCRIPT).inOrder();
  }

  @Test
  void realPerfReadsOurCrossArchFile() throws Exception {
    Fixtures.perf();
    Path f = dir.resolve("arm64.data");
    trace.write(f, PerfDataWriter.Options.FILE, "aarch64", ARM64_CALLS);
    Run script = perfRun("script", "-i", f.toString());
    assertClean(script, "perf script (aarch64)");
    assertThat(script.out().lines().toList()).hasSize(8);
    assertThat(script.out())
        .contains("raw_syscalls:sys_enter: NR 56 (ffffffffffffff9c, 7ffd0000, 80000, 0, 0, 0)");
    Run header = perfRun("report", "--header-only", "-i", f.toString());
    assertClean(header, "perf report --header-only (aarch64)");
    assertThat(header.out()).contains("# arch : aarch64");
    assertThat(jtraceScript(f)).containsExactlyElementsIn(script.out().lines().toList()).inOrder();
  }

  @Test
  void jtraceScriptMatchesPerfScriptOnPerfFiles() throws Exception {
    Fixtures.perf();
    for (String name :
        List.of(
            "raw_syscalls-true.data",
            "trace-record-true.data",
            "pipe-raw_syscalls-true.data",
            "futex-python.data",
            "pipe-futex-python.data",
            "futex-system.data",
            "zstd-raw_syscalls-true.data")) {
      Path f = Fixtures.ours(name);
      Run perf = perfRun("script", "-i", f.toString());
      assertThat(perf.status()).isEqualTo(0);
      assertWithMessage(name)
          .that(jtraceScript(f))
          .containsExactlyElementsIn(perf.out().lines().toList())
          .inOrder();
    }
  }
}
