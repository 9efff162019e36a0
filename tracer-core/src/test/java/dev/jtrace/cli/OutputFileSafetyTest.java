package dev.jtrace.cli;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;
import static dev.jtrace.cli.CliRun.assumeTracing;

import dev.jtrace.cli.CliRun.Command;
import dev.jtrace.cli.CliRun.Result;
import dev.jtrace.tracer.session.TracerProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Output files of {@code jtrace -o} and {@code jtrace record -o} on a real trace: a symbolic link
 * planted at the path (another user's, in /tmp) is refused and its target left alone; an existing
 * file is kept as FILE.old; the new file is 0600.
 */
class OutputFileSafetyTest {
  @TempDir Path dir;

  /** The two commands that write a file, and how their error lines begin. */
  enum Writer {
    TRACE(TraceCommand::run, "jtrace: -o: "),
    RECORD(RecordCommand::run, "jtrace record: ");

    final Command command;
    final String prefix;

    Writer(Command command, String prefix) {
      this.command = command;
      this.prefix = prefix;
    }

    Result traceTrueInto(Path output) {
      return CliRun.run(command, "-o", output.toString(), "--", "true");
    }
  }

  @ParameterizedTest
  @EnumSource(Writer.class)
  void aLinkToAFileIsRefusedAndItsTargetUntouched(Writer writer) throws IOException {
    assumeTracing();
    Path victim = Files.writeString(dir.resolve("victim"), "precious\n");
    Path link = Files.createSymbolicLink(dir.resolve("out.trace"), victim);
    Result r = writer.traceTrueInto(link);
    assertThat(r.status()).isNotEqualTo(0);
    assertThat(r.err())
        .isEqualTo(
            writer.prefix
                + "cannot write "
                + link
                + ": it is a symbolic link (jtrace does not write through links)"
                + System.lineSeparator());
    assertThat(Files.readString(victim)).isEqualTo("precious\n");
    assertThat(Files.isSymbolicLink(link)).isTrue();
    assertThat(Files.exists(dir.resolve("out.trace.old"), LinkOption.NOFOLLOW_LINKS)).isFalse();
  }

  @ParameterizedTest
  @EnumSource(Writer.class)
  void aDanglingLinkIsRefusedAndNothingCreatedWhereItPoints(Writer writer) throws IOException {
    assumeTracing();
    Path target = dir.resolve("created-by-root");
    Path link = Files.createSymbolicLink(dir.resolve("dangling.trace"), target);
    Result r = writer.traceTrueInto(link);
    assertWithMessage(r.err()).that(r.status()).isNotEqualTo(0);
    assertThat(r.err()).startsWith(writer.prefix + "cannot write " + link + ": it is a symbolic");
    assertThat(r.err().lines().count()).isEqualTo(1);
    assertThat(Files.exists(target, LinkOption.NOFOLLOW_LINKS)).isFalse();
  }

  @ParameterizedTest
  @EnumSource(Writer.class)
  void anExistingFileIsKeptAsOldAndTheNewOneIsOwnerOnly(Writer writer) throws IOException {
    assumeTracing();
    Path out = Files.writeString(dir.resolve("kept.trace"), "the last trace\n");
    Files.setPosixFilePermissions(out, PosixFilePermissions.fromString("rw-r--r--"));
    Result r = writer.traceTrueInto(out);
    assertWithMessage(r.err()).that(r.status()).isEqualTo(0);
    assertThat(Files.readString(dir.resolve("kept.trace.old"))).isEqualTo("the last trace\n");
    assertThat(Files.size(out)).isGreaterThan(0L);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out)))
        .isEqualTo("rw-------");
  }

  @Test
  void devStdoutIsTheInheritedStdoutNotARefusedLink() throws Exception {
    assumeTracing();
    // /dev/stdout is a link (to /proc/self/fd/1): it names jtrace's own stdout, which the caller
    // chose
    Path out = dir.resolve("redirected");
    Process p =
        TracerProcess.command("-o", "/dev/stdout", "--", "true")
            .redirectOutput(out.toFile())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isEqualTo(0);
    assertThat(Files.readString(out)).contains("exit_group(");
  }
}
