package dev.jtrace.tracer.session;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import dev.jtrace.cli.ScriptCommand;
import dev.jtrace.symbols.StacksWorkload;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code jtrace record} copies the calls' memory in the kernel beside the syscall samples (one
 * {@code jtrace:paired} sample per call, see {@link RecordedContentsTest}), so {@code jtrace -i}
 * prints the paths and names fds by them as a live trace does; perf reads the file as before (perf
 * script prints the extra samples through their format, as {@code jtrace script} does). Before, a
 * replay showed {@code filename: 0x7ff95e9460b1} and {@code = 3} with no name.
 */
class RecordedStringsTest {
  private static Path dir;

  @BeforeAll
  static void setUp() throws Exception {
    TracedRun.assumeTracingWorks();
    dir = Files.createTempDirectory("recorded-strings");
  }

  @Test
  void replayShowsTheRecordedPathsAndNamesFdsByThem() throws Exception {
    Path data = dir.resolve("cat.data");
    TracedRun rec =
        TracedRun.record("-o", data.toString(), "--", "cat", "/etc/hostname", "/nonexistent");
    assertWithMessage(rec.messages()).that(rec.status()).isEqualTo(1); // cat's own status
    TracedRun replay = TracedRun.run(dir, "-i", data.toString());
    assertWithMessage(replay.messages()).that(replay.status()).isEqualTo(0);
    List<String> lines = replay.lines();
    TracedRun.indexOf(lines, "openat(", "filename: \"/etc/hostname\"", "= 3</etc/hostname>");
    TracedRun.indexOf(lines, "read(fd: 3</etc/hostname>");
    TracedRun.indexOf(lines, "filename: \"/nonexistent\"", "= -1 ENOENT");

    // perf trace -i still reads it: the same calls
    String perf =
        StacksWorkload.run(List.of("perf", "trace", "-i", data.toString()), "perf trace -i");
    assertThat(perf).contains("openat(");
  }

  @Test
  void aSyscallWithoutArgumentsRecordsWithoutComplaint() throws Exception {
    // getppid's tracepoint has no argument fields: no string program for it (one reading none was
    // refused by the verifier, and the whole string capture with it)
    Path data = dir.resolve("getppid.data");
    TracedRun rec =
        TracedRun.record(
            "-o",
            data.toString(),
            "-e",
            "syscalls:sys_enter_getppid,syscalls:sys_enter_openat",
            "--",
            "cat",
            "/etc/hostname");
    assertWithMessage(rec.messages()).that(rec.status()).isEqualTo(0);
    assertThat(rec.messages()).doesNotContain("no string capture");
    assertThat(rec.messages()).doesNotContain("no BPF capture");
  }

  /**
   * The calls' copies are samples of a tracepoint of the file's own format: perf script prints a
   * few of their fields as text through it ({@code jtrace:paired: nr=257 tid=1234 ret=3 len=144}),
   * and jtrace script prints the same.
   */
  @Test
  void scriptPrintsTheCopiesAsPerfScript() throws Exception {
    Path data = dir.resolve("ls.data");
    TracedRun rec = TracedRun.record("-o", data.toString(), "--", "ls", "/");
    assertWithMessage(rec.messages()).that(rec.status()).isEqualTo(0);
    String perf =
        StacksWorkload.run(List.of("perf", "script", "-i", data.toString()), "perf script");
    assertThat(perf).containsMatch("jtrace:paired: nr=257 tid=\\d+ ret=3 len=\\d+");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status =
        ScriptCommand.run(
            new String[] {"-i", data.toString()},
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    assertWithMessage(err.toString(StandardCharsets.UTF_8)).that(status).isEqualTo(0);
    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(perf);
  }
}
