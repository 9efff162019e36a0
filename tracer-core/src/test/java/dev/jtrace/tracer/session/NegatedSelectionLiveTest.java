package dev.jtrace.tracer.session;

import static com.google.common.truth.Truth.assertThat;

import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code -e} with a negated element inside the list, through the real tracer (the README's own
 * example).
 */
class NegatedSelectionLiveTest {
  @TempDir static Path dir;

  private static final Pattern CLOSE = Pattern.compile("\\bclose\\(");
  private static final Pattern OPENAT = Pattern.compile("\\bopenat\\(");

  @BeforeAll
  static void needTracing() {
    TracedRun.assumeTracingWorks();
  }

  @Test
  void fileGroupButClose() throws Exception {
    TracedRun r = TracedRun.run(dir, "-e", "file,!close", "--", "cat", "/etc/hostname");
    assertThat(r.messages()).isEmpty();
    assertThat(r.status()).isEqualTo(0);
    assertThat(
            r.lines().stream()
                .anyMatch(l -> OPENAT.matcher(l).find() && l.contains("/etc/hostname")))
        .isTrue();
    assertThat(r.lines().stream().noneMatch(l -> CLOSE.matcher(l).find())).isTrue();
  }

  @Test
  void straceSpellingAndALoneNegation() throws Exception {
    TracedRun strace = TracedRun.run(dir, "-e", "trace=%file,!close", "--", "cat", "/etc/hostname");
    assertThat(strace.status()).isEqualTo(0);
    assertThat(strace.lines().stream().anyMatch(l -> OPENAT.matcher(l).find())).isTrue();
    assertThat(strace.lines().stream().noneMatch(l -> CLOSE.matcher(l).find())).isTrue();
    TracedRun allButClose = TracedRun.run(dir, "-e", "!close", "--", "cat", "/etc/hostname");
    assertThat(allButClose.status()).isEqualTo(0);
    assertThat(allButClose.lines().stream().anyMatch(l -> OPENAT.matcher(l).find())).isTrue();
    assertThat(allButClose.lines().stream().anyMatch(l -> l.contains(" read("))).isTrue();
    assertThat(allButClose.lines().stream().noneMatch(l -> CLOSE.matcher(l).find())).isTrue();
  }
}
