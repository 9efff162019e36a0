package dev.jtrace.cli;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import dev.jtrace.perfdata.Fixtures;
import dev.jtrace.perfdata.Fixtures.Collected;
import dev.jtrace.tracer.perf.NativeCalls;
import dev.jtrace.tracer.session.TracerProcess;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code jtrace record} under signals, as its own process: SIGINT and SIGTERM end it at once (its
 * workload too, as perf record does) with a complete file and perf record's exit status; after
 * SIGKILL the file holds what was flushed, and jtrace reads it.
 */
class RecordSignalTest {
  private static final int SIGINT = 2;
  private static final int SIGTERM = 15;

  @TempDir Path dir;

  /** Waits until jtrace's workload has exec'd into {@code name}; returns its pid. */
  static long awaitWorkload(Process jtrace, String name) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      assertWithMessage("jtrace ended early").that(jtrace.isAlive()).isTrue();
      for (ProcessHandle h : jtrace.descendants().toList()) {
        if (h.info().command().map(c -> c.endsWith("/" + name)).orElse(false)) return h.pid();
      }
      Thread.sleep(50);
    }
    throw new AssertionError("the workload " + name + " did not start");
  }

  @ParameterizedTest
  @ValueSource(ints = {SIGINT, SIGTERM})
  void aStopSignalEndsTheRecordingAndItsWorkloadWithACompleteFile(int signal) throws Exception {
    CliRun.assumeTracing();
    Path f = dir.resolve("perf.data");
    Path err = dir.resolve("err.txt");
    Process p =
        TracerProcess.command("record", "-o", f.toString(), "--", "sleep", "30")
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(err.toFile())
            .start();
    try {
      long sleepPid = awaitWorkload(p, "sleep");
      Thread.sleep(300);
      NativeCalls.kill((int) p.pid(), signal);
      assertWithMessage("jtrace record did not end on signal " + signal)
          .that(p.waitFor(20, TimeUnit.SECONDS))
          .isTrue();
      String messages = Files.readString(err);
      // perf record 6.1 ends the workload with SIGTERM and then ends as it did: 128 + 15
      assertWithMessage(messages).that(p.exitValue()).isEqualTo(128 + SIGTERM);
      assertThat(messages).contains("[ jtrace record: Captured and wrote ");
      assertWithMessage("the workload outlived the recording")
          .that(ProcessHandle.of(sleepPid).map(ProcessHandle::isAlive).orElse(false))
          .isFalse();

      Collected c = Fixtures.read(f);
      assertThat(c.result.error()).isNull();
      assertThat(c.warnings).isEmpty();
      assertThat(c.header.cmdline()).contains("sleep");
      assertThat(c.samplesOf("raw_syscalls:sys_enter")).isAtLeast(10);
      RecordCommandTest.assertPerfScriptAgrees(f);
    } finally {
      p.destroyForcibly();
    }
  }

  /** Starts {@code command}, sends it {@code signal} after a second, returns its exit status. */
  /**
   * Runs command and stops it with signal once it records: half a second after its output holds
   * data, so that a start slowed by a loaded machine is not cut short.
   */
  private static int stoppedBy(int signal, List<String> command, Path err, Path output)
      throws Exception {
    Process p =
        new ProcessBuilder(command)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(err.toFile())
            .start();
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (!(Files.exists(output) && Files.size(output) > 0)
          && p.isAlive()
          && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      Thread.sleep(500);
      NativeCalls.kill((int) p.pid(), signal);
      assertWithMessage(command + " did not end on signal " + signal)
          .that(p.waitFor(30, TimeUnit.SECONDS))
          .isTrue();
      return p.exitValue();
    } finally {
      p.destroyForcibly();
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {SIGINT, SIGTERM})
  void aStoppedSystemWideRecordingEndsWithTheSignalsStatusAsPerfRecord(int signal)
      throws Exception {
    CliRun.assumeTracing();
    Path perf = Fixtures.perf();
    Path ours = dir.resolve("ours.data");
    Path theirs = dir.resolve("theirs.data");
    Path err = dir.resolve("err.txt");
    List<String> jtrace = TracerProcess.command("record", "-a", "-o", ours.toString()).command();
    int status = stoppedBy(signal, jtrace, err, ours);
    assertWithMessage(Files.readString(err)).that(status).isEqualTo(128 + signal);
    assertThat(Files.readString(err)).contains("[ jtrace record: Captured and wrote ");
    assertThat(Fixtures.read(ours).result.error()).isNull();
    int perfStatus =
        stoppedBy(
            signal,
            List.of(
                perf.toString(),
                "record",
                "-q",
                "-a",
                "-e",
                "raw_syscalls:sys_enter",
                "-o",
                theirs.toString()),
            dir.resolve("perf-err.txt"),
            theirs);
    assertThat(status).isEqualTo(perfStatus);
  }

  @Test
  void theWorkloadsExitStatusIsRecordsAsPerfRecords() throws Exception {
    CliRun.assumeTracing();
    Path perf = Fixtures.perf();
    List<String> workload = List.of("--", "sh", "-c", "exit 3");
    List<String> ours =
        new ArrayList<>(
            TracerProcess.command("record", "-o", dir.resolve("o.data").toString()).command());
    ours.addAll(workload);
    List<String> theirs =
        new ArrayList<>(
            List.of(
                perf.toString(),
                "record",
                "-q",
                "-e",
                "raw_syscalls:sys_enter",
                "-o",
                dir.resolve("t.data").toString()));
    theirs.addAll(workload);
    Fixtures.Run jtrace = Fixtures.run(ours);
    Fixtures.Run perfRun = Fixtures.run(theirs);
    assertWithMessage(jtrace.err()).that(jtrace.status()).isEqualTo(3);
    assertWithMessage(perfRun.err()).that(perfRun.status()).isEqualTo(3);
  }

  @Test
  void aKilledRecordingIsReadableUpToItsLastFlush() throws Exception {
    CliRun.assumeTracing();
    Path f = dir.resolve("killed.data");
    Process p =
        TracerProcess.command(
                "record", "-o", f.toString(), "--", "sh", "-c", "while :; do /bin/true; done")
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    List<ProcessHandle> workload = List.of();
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (!(Files.exists(f) && Files.size(f) > 200_000) && System.nanoTime() < deadline) {
        assertWithMessage("jtrace ended early").that(p.isAlive()).isTrue();
        Thread.sleep(50);
      }
      workload = p.descendants().toList();
      p.destroyForcibly(); // SIGKILL: no chance to write the features or the final header
      p.waitFor(20, TimeUnit.SECONDS);
    } finally {
      p.destroyForcibly();
      workload.forEach(ProcessHandle::destroyForcibly);
    }
    assertWithMessage("nothing was flushed before the kill").that(Files.size(f)).isGreaterThan(0);

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int rc =
        ScriptCommand.run(
            new String[] {"-i", f.toString()},
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    String messages = err.toString(StandardCharsets.UTF_8);
    assertWithMessage(messages).that(rc).isEqualTo(0);
    assertThat(messages.lines().toList()).hasSize(1);
    assertThat(messages).contains("data size is 0");
    List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
    assertThat(lines.size()).isAtLeast(100);
    // the calls, with the strings' samples (jtrace:strings) between them: any one line may be
    // either
    assertWithMessage("%s", lines.subList(0, 20))
        .that(lines.stream().filter(l -> l.contains("raw_syscalls:sys_e")).count())
        .isAtLeast(lines.size() / 2L);

    Path trace = dir.resolve("trace.txt");
    ByteArrayOutputStream traceErr = new ByteArrayOutputStream();
    rc =
        TraceCommand.run(
            new String[] {"-i", f.toString(), "-o", trace.toString()},
            System.out,
            new PrintStream(traceErr, true, StandardCharsets.UTF_8));
    messages = traceErr.toString(StandardCharsets.UTF_8);
    assertWithMessage(messages).that(rc).isEqualTo(0);
    assertThat(messages.lines().toList()).hasSize(1);
    assertThat(Files.readString(trace)).contains("true/");

    // a kill in the middle of a write leaves the last record cut short: still read, no error
    Path cut = dir.resolve("cut.data");
    byte[] bytes = Files.readAllBytes(f);
    Files.write(cut, Arrays.copyOf(bytes, bytes.length - 37));
    ByteArrayOutputStream cutErr = new ByteArrayOutputStream();
    rc =
        ScriptCommand.run(
            new String[] {"-i", cut.toString()},
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            new PrintStream(cutErr, true, StandardCharsets.UTF_8));
    assertWithMessage(cutErr.toString(StandardCharsets.UTF_8)).that(rc).isEqualTo(0);
    assertThat(cutErr.toString(StandardCharsets.UTF_8).lines().toList()).hasSize(1);
  }
}
