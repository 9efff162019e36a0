package dev.jtrace.tracer.session;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * -P PATH (issue 11, strace's -P): only the calls that name the path or use an fd open on it, the
 * same calls strace -P shows for the same workload.
 */
class TracePathLiveTest {
  @TempDir static Path dir;

  /**
   * Opens the path by name (cat), reads another file (cat /etc/passwd: not shown), then opens the
   * path onto fd 0 in the shell and reads it through fd 0 (shown through the fd table, no name).
   */
  private static final String[] WORKLOAD = {
    "sh",
    "-c",
    "cat /etc/hostname >/dev/null; cat /etc/passwd >/dev/null; exec 3</etc/hostname; read x <&3"
  };

  private static final Pattern CALL = Pattern.compile("\\): [^ ]+/\\d+ ([a-z0-9_]+)\\(");

  @BeforeAll
  static void needTracing() {
    TracedRun.assumeTracingWorks();
  }

  @Test
  void theCallsStraceShowsForThePath() throws Exception {
    TracedRun r =
        TracedRun.run(dir, concat(List.of("-P", "/etc/hostname", "--no-signals", "--"), WORKLOAD));
    assertWithMessage(r.messages()).that(r.status()).isEqualTo(0);
    List<String> jtrace =
        r.lines().stream().map(CALL::matcher).filter(Matcher::find).map(m -> m.group(1)).toList();
    assertWithMessage(String.join("\n", r.lines()))
        .that(r.lines().stream().noneMatch(l -> l.contains("/etc/passwd")))
        .isTrue();
    // fd 0 is /etc/hostname only by the fd table: its reads are there, by fd alone
    assertWithMessage(String.join("\n", r.lines()))
        .that(r.lines().stream().anyMatch(l -> l.contains("read(fd: 0</etc/hostname>")))
        .isTrue();

    List<String> strace =
        StraceRun.run(List.of("-P", "/etc/hostname"), WORKLOAD).calls().stream()
            .map(StraceCall::name)
            .toList();
    assertWithMessage(String.join("\n", r.lines())).that(jtrace).isEqualTo(strace);
  }

  @Test
  void aSymlinkToThePathMatchesWhatItResolvesTo() throws Exception {
    Path link = dir.resolve("hostname-link");
    java.nio.file.Files.deleteIfExists(link);
    java.nio.file.Files.createSymbolicLink(link, Path.of("/etc/hostname"));
    TracedRun r =
        TracedRun.run(dir, "-P", link.toString(), "--no-signals", "--", "cat", "/etc/hostname");
    assertWithMessage(r.messages()).that(r.status()).isEqualTo(0);
    assertThat(r.lines().stream().anyMatch(l -> l.contains("filename: \"/etc/hostname\"")))
        .isTrue();
    assertThat(r.lines().stream().anyMatch(l -> l.contains("read(fd: 3</etc/hostname>"))).isTrue();
  }

  private static String[] concat(List<String> options, String[] command) {
    return java.util.stream.Stream.concat(options.stream(), java.util.Arrays.stream(command))
        .toArray(String[]::new);
  }
}
