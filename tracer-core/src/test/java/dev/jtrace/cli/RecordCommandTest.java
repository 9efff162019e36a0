package dev.jtrace.cli;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;
import static dev.jtrace.cli.CliRun.assumeTracing;

import dev.jtrace.perfdata.Fixtures;
import dev.jtrace.perfdata.Fixtures.Collected;
import dev.jtrace.perfdata.Fixtures.Run;
import dev.jtrace.perfdata.read.CommRecord;
import dev.jtrace.perfdata.read.PerfDataEvent;
import dev.jtrace.perfdata.read.Sample;
import dev.jtrace.tracer.session.TracerProcess;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** jtrace record on a real workload; the file read back by jtrace and by the real perf. */
class RecordCommandTest {
  @TempDir Path dir;

  private static int record(PrintStream err, String... args) {
    return RecordCommand.run(args, System.out, err);
  }

  /** perf script reads the file without a word, and jtrace script prints the same lines. */
  static void assertPerfScriptAgrees(Path f) throws Exception {
    Run script = Fixtures.run(List.of(Fixtures.perf().toString(), "script", "-i", f.toString()));
    assertThat(script.err()).isEmpty();
    ByteArrayOutputStream ours = new ByteArrayOutputStream();
    ScriptCommand.run(
        new String[] {"-i", f.toString()},
        new PrintStream(ours, true, StandardCharsets.UTF_8),
        System.err);
    assertThat(ours.toString(StandardCharsets.UTF_8).lines().toList())
        .containsExactlyElementsIn(script.out().lines().toList())
        .inOrder();
  }

  @Test
  void recordsTrueAndPerfAgrees() throws Exception {
    assumeTracing();
    Path f = dir.resolve("perf.data");
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int rc =
        record(
            new PrintStream(err, true, StandardCharsets.UTF_8), "-o", f.toString(), "--", "true");
    String message = err.toString(StandardCharsets.UTF_8);
    assertWithMessage(message).that(rc).isEqualTo(0);
    assertThat(message).contains("[ jtrace record: Captured and wrote ");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f)))
        .isEqualTo("rw-------");

    Collected c = Fixtures.read(f);
    assertThat(c.result.error()).isNull();
    assertThat(c.header.events().stream().map(PerfDataEvent::name).toList())
        .containsExactly("raw_syscalls:sys_enter", "raw_syscalls:sys_exit", "jtrace:paired")
        .inOrder();
    assertThat(c.header.cmdline())
        .containsExactly("jtrace", "record", "-o", f.toString(), "--", "true")
        .inOrder();
    // the syscalls' own samples (the strings' come between them)
    List<Sample> calls =
        c.samples.stream().filter(x -> x.event().name().startsWith("raw_syscalls:")).toList();
    assertThat(calls.size()).isAtLeast(20);
    assertThat(calls.get(0).tracepoint().render())
        .isEqualTo("NR 59 = 0"); // execve returning into true
    assertThat(
            c.records.stream()
                .anyMatch(r -> r instanceof CommRecord cr && cr.comm().equals("true") && cr.exec()))
        .isTrue();
    // exit_group is the last syscall of true
    assertThat(calls.get(calls.size() - 1).tracepoint().number("id")).isEqualTo(231);

    Path perf = Fixtures.perf();
    assertPerfScriptAgrees(f);
    Run evlist = Fixtures.run(List.of(perf.toString(), "evlist", "-v", "-i", f.toString()));
    assertThat(evlist.err()).isEmpty();
    assertThat(evlist.out()).contains("raw_syscalls:sys_enter: type: 2, size: 128");
    Run header =
        Fixtures.run(List.of(perf.toString(), "report", "--header-only", "-i", f.toString()));
    assertThat(header.err()).isEmpty();
    assertThat(header.out()).contains("# cmdline : jtrace record -o " + f + " -- true");
    Run trace = Fixtures.run(List.of(perf.toString(), "trace", "-i", f.toString()));
    assertThat(trace.status()).isEqualTo(0);
    assertThat(trace.err()).contains("true/");
    assertThat(trace.err()).contains("exit_group(");
  }

  /** --no-contents: perf record's events and the strings' beside them, no paired copies. */
  @Test
  void withoutContentsTheStringsAreStillRecorded() throws Exception {
    assumeTracing();
    Path f = dir.resolve("bare.data");
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int rc =
        record(
            new PrintStream(err, true, StandardCharsets.UTF_8),
            "--no-contents",
            "-o",
            f.toString(),
            "--",
            "cat",
            "/etc/hostname");
    assertWithMessage(err.toString(StandardCharsets.UTF_8)).that(rc).isEqualTo(0);
    Collected c = Fixtures.read(f);
    assertThat(c.result.error()).isNull();
    List<String> names = c.header.events().stream().map(PerfDataEvent::name).toList();
    assertThat(names).contains("raw_syscalls:sys_enter");
    assertThat(names).doesNotContain("jtrace:paired");
    assertThat(names).contains("jtrace:strings");
    assertPerfScriptAgrees(f);
  }

  @Test
  void aPipedRecordingCarriesOnlyPerfDataWhileTheWorkloadPrints() throws Exception {
    assumeTracing();
    Path stream = dir.resolve("stream.data");
    Path messages = dir.resolve("stderr.txt");
    Process rec =
        TracerProcess.command("record", "-o", "-", "--", "echo", "the-workload-speaks")
            .redirectOutput(stream.toFile())
            .redirectError(messages.toFile())
            .start();
    assertThat(rec.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertWithMessage(Files.readString(messages)).that(rec.exitValue()).isEqualTo(0);
    byte[] data = Files.readAllBytes(stream);
    assertThat(new String(data, 0, 8, StandardCharsets.ISO_8859_1)).isEqualTo("PERFILE2");
    // as perf record does, the workload's stdout goes to stderr
    assertThat(Files.readString(messages)).contains("the-workload-speaks");

    Path perfOut = dir.resolve("perf-script.txt");
    Process script =
        new ProcessBuilder(Fixtures.perf().toString(), "script", "-i", "-")
            .redirectInput(stream.toFile())
            .redirectOutput(perfOut.toFile())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    assertThat(script.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(script.exitValue()).isEqualTo(0);
    assertThat(Files.readString(perfOut)).contains("echo ");

    Path ourOut = dir.resolve("jtrace-replay.txt");
    Process replay =
        TracerProcess.command("-i", "-", "-o", ourOut.toString())
            .redirectInput(stream.toFile())
            .redirectError(messages.toFile())
            .start();
    assertThat(replay.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertWithMessage(Files.readString(messages)).that(replay.exitValue()).isEqualTo(0);
    assertThat(Files.readString(ourOut)).contains(" exit_group(");
    assertThat(Files.readString(ourOut)).contains("echo/");
  }

  @Test
  void badOptions() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
    assertThat(record(e)).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("jtrace record: nothing to record");
    assertThat(record(e, "-e", "nocolon", "--", "true")).isEqualTo(2);
    assertThat(record(e, "-m", "3", "--", "true")).isEqualTo(2);
  }
}
