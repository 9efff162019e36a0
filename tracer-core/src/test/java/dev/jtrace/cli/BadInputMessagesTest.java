package dev.jtrace.cli;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;
import static dev.jtrace.cli.CliRun.assumeTracing;
import static dev.jtrace.cli.CliRun.run;

import dev.jtrace.cli.CliRun.Command;
import dev.jtrace.cli.CliRun.Result;
import dev.jtrace.perfdata.Fixtures;
import dev.jtrace.tracer.perf.OnlineCpus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input gets one line that says what and why: the OS's reason for a file that cannot be read or
 * written (not the path twice), the exec error of a command that cannot run (and no file left), and
 * contradictions refused or warned instead of dropped.
 */
class BadInputMessagesTest {
  private static final String NL = System.lineSeparator();

  @TempDir Path dir;

  private static String fixture() {
    return Fixtures.ours("raw_syscalls-true.data").toString();
  }

  private static void assertFails(Result r, String line) {
    assertThat(r.err()).isEqualTo(line + NL);
    assertThat(r.status()).isNotEqualTo(0);
  }

  @Test
  void outputIntoAMissingDirectorySaysWhy() {
    Path out = dir.resolve("no/such/dir/x");
    String missing = "cannot write " + out + ": No such file or directory";
    assertFails(
        run(TraceCommand::run, "-i", fixture(), "-o", out.toString()), "jtrace: -o: " + missing);
    assumeTracing();
    assertFails(
        run(TraceCommand::run, "-o", out.toString(), "--", "true"), "jtrace: -o: " + missing);
    assertFails(
        run(RecordCommand::run, "-o", out.toString(), "--", "true"), "jtrace record: " + missing);
  }

  /** Every reader of a perf.data (jtrace -i, evlist, script) names the file and the reason. */
  private static void assertEveryReaderSays(Path in, String reason) {
    assertFails(run(TraceCommand::run, "-i", in.toString()), "jtrace: " + in + ": " + reason);
    for (String sub : new String[] {"evlist", "script"}) {
      Command command = sub.equals("evlist") ? EvlistCommand::run : ScriptCommand::run;
      assertFails(run(command, "-i", in.toString()), "jtrace " + sub + ": " + in + ": " + reason);
    }
  }

  @Test
  void inputsThatCannotBeReadSayWhy() throws IOException {
    assertEveryReaderSays(dir.resolve("missing.data"), "No such file or directory");
    // root reads a chmod-000 file: what even root cannot read is a path under a file, or a dir
    assertEveryReaderSays(
        Files.createFile(dir.resolve("plain")).resolve("perf.data"), "Not a directory");
    assertEveryReaderSays(dir, "Is a directory");
  }

  @Test
  void recordOfACommandThatCannotRunFailsAndLeavesNoFile() {
    assumeTracing();
    Path out = dir.resolve("r.data");
    assertFails(
        run(RecordCommand::run, "-o", out.toString(), "--", "/nonexistent/cmd"),
        "jtrace record: cannot run /nonexistent/cmd: No such file or directory");
    assertThat(Files.exists(out)).isFalse();
  }

  @Test
  void traceOfACommandThatCannotRunFailsAndLeavesNoFile() throws IOException {
    assumeTracing();
    Path out = dir.resolve("t.trace");
    assertFails(
        run(TraceCommand::run, "-o", out.toString(), "--", "/nonexistent/cmd"),
        "jtrace: cannot run /nonexistent/cmd: No such file or directory");
    assertThat(Files.exists(out)).isFalse();
    Path notExecutable = Files.writeString(dir.resolve("data.txt"), "no program\n");
    assertFails(
        run(TraceCommand::run, "--", notExecutable.toString()),
        "jtrace: cannot run " + notExecutable + ": Permission denied");
    assertFails(
        run(TraceCommand::run, "--", "no-such-command-anywhere"),
        "jtrace: cannot run no-such-command-anywhere: No such file or directory");
  }

  @Test
  void ringPagesThatAreNoPowerOfTwoAreRoundedAndSaidSo() {
    Result r =
        run(TraceCommand::run, "-m", "3", "-i", fixture(), "-o", dir.resolve("t").toString());
    assertWithMessage(r.err()).that(r.status()).isEqualTo(0);
    assertThat(r.err()).isEqualTo("jtrace: rounding mmap pages size to 16K (4 pages)" + NL);
    Result exact =
        run(TraceCommand::run, "-m", "64K", "-i", fixture(), "-o", dir.resolve("u").toString());
    assertThat(exact.err()).isEmpty();
  }

  @Test
  void emptyListsAreRefusedNotReplacedByTheDefault() {
    assertFails(
        run(RecordCommand::run, "-e", "", "--", "true"),
        "jtrace record: -e: no tracepoint given (expected SYSTEM:EVENT,...)");
    assertThat(run(RecordCommand::run, "-e", "", "--", "true").status()).isEqualTo(2);
    Result fields = run(ScriptCommand::run, "-F", "", "-i", fixture());
    assertFails(
        fields,
        "jtrace script: -F: no field given (known: comm,pid,tid,cpu,time,period,event,ip,trace)");
    assertThat(fields.status()).isEqualTo(2);
  }

  @Test
  void cpusThatAreNotOnlineAreNamed() {
    String online = OnlineCpus.ranges(OnlineCpus.online());
    for (String cpu : new String[] {"99", "-1"}) {
      Result r = run(TraceCommand::run, "-C", cpu, "--", "true");
      assertFails(r, "jtrace: -C: no such CPU " + cpu + " (online: " + online + ")");
      assertThat(r.status()).isEqualTo(2);
    }
  }
}
