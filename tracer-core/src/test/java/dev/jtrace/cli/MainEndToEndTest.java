package dev.jtrace.cli;

import static com.google.common.truth.Truth.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code jtrace} as a process: a usage error is one line on stderr, nothing on stdout, exit status
 * 2.
 */
class MainEndToEndTest {
  private record Exit(int status, String out, String err) {}

  private static Exit jtrace(String... args) throws IOException, InterruptedException {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                ProcessHandle.current().info().command().orElseThrow(),
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName()));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).start();
    p.getOutputStream().close();
    byte[] out = p.getInputStream().readAllBytes();
    byte[] err = p.getErrorStream().readAllBytes();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Exit(
        p.exitValue(),
        new String(out, StandardCharsets.UTF_8),
        new String(err, StandardCharsets.UTF_8));
  }

  @Test
  void usageErrorsOfEveryCommand() throws Exception {
    String[][] cases = {
      {"jtrace: unknown option --foo (see jtrace --help)", "--foo"},
      {"jtrace: option -p needs a value (pid,...)", "-p"},
      {"jtrace: -p: not a number: abc", "-p", "abc"},
      {"jtrace: -a and -p exclude each other", "-a", "-p", "1"},
      {"jtrace record: option -o needs a value (FILE|-)", "record", "-o"},
      {"jtrace script: unknown option --nope (see jtrace script --help)", "script", "--nope"},
      {"jtrace tables: --arch: unknown arch: vax", "tables", "--arch", "vax"},
    };
    for (String[] c : cases) {
      Exit e = jtrace(List.of(c).subList(1, c.length).toArray(String[]::new));
      assertThat(e.err()).isEqualTo(c[0] + "\n");
      assertThat(e.status()).isEqualTo(2);
      assertThat(e.out()).isEmpty();
    }
  }

  @Test
  void helpGoesToStdoutWithStatusZero() throws Exception {
    Exit e = jtrace("evlist", "--help");
    assertThat(e.status()).isEqualTo(0);
    assertThat(e.err()).isEmpty();
    assertThat(e.out()).startsWith("usage: jtrace evlist [-i FILE] [-v] [--trace-fields]\n");
  }
}
