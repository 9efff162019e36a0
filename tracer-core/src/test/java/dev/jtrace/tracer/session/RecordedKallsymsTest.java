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
 * {@code jtrace record --call-graph} keeps the kernel's symbol listing in the file's tracing data,
 * and {@code jtrace script} names kernel frames by it, not by the kernel replaying the file
 * (another machine's, or this one after a reboot: other addresses). Shown by renaming one kernel
 * function in the file's copy: the replay prints the new name, perf script (which ignores that
 * copy) the host's. Before, kernel frames of a replay always came from the host's /proc/kallsyms.
 */
class RecordedKallsymsTest {
  private static Path dir;

  @BeforeAll
  static void setUp() throws Exception {
    TracedRun.assumeTracingWorks();
    dir = Files.createTempDirectory("kallsyms");
  }

  @Test
  void replayNamesKernelFramesByTheRecordingsListing() throws Exception {
    Path data = dir.resolve("switch.data");
    TracedRun rec =
        TracedRun.record(
            "--call-graph",
            "fp",
            "-o",
            data.toString(),
            "-e",
            "sched:sched_switch",
            "--",
            "sleep",
            "0.01");
    assertWithMessage(rec.messages()).that(rec.status()).isEqualTo(0);
    // sleep goes to sleep through do_nanosleep: its frame is in every switch's stack
    byte[] file = Files.readAllBytes(data);
    byte[] from = " do_nanosleep\n".getBytes(StandardCharsets.ISO_8859_1);
    byte[] to = " jt_renamed__\n".getBytes(StandardCharsets.ISO_8859_1);
    int at = indexOf(file, from);
    assertWithMessage("the file holds a kallsyms listing").that(at).isAtLeast(0);
    System.arraycopy(to, 0, file, at, to.length);
    Path renamed = dir.resolve("renamed.data");
    Files.write(renamed, file);

    String script = script("-i", renamed.toString());
    assertThat(script).contains(" jt_renamed__+0x");
    assertThat(script).doesNotContain(" do_nanosleep+0x");
    String perf =
        StacksWorkload.run(List.of("perf", "script", "-i", renamed.toString()), "perf script");
    assertThat(perf).contains(" do_nanosleep+0x");
  }

  /** jtrace script ARGS: what it printed. */
  private static String script(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
    PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
    int status = ScriptCommand.run(args, o, e);
    assertWithMessage(err.toString(StandardCharsets.UTF_8)).that(status).isEqualTo(0);
    return out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) continue outer;
      }
      return i;
    }
    return -1;
  }
}
