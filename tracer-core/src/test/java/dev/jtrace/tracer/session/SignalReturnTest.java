package dev.jtrace.tracer.session;

import static com.google.common.truth.Truth.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A signal handler's return: rt_sigreturn's exit record carries syscall nr -1 (the restored
 * registers say "no syscall"), and is attributed to the rt_sigreturn call it finishes, never shown
 * as {@code syscall_-1}.
 */
class SignalReturnTest {
  /** Sends itself SIGUSR1 five times; each handler returns through rt_sigreturn. */
  private static final String SIGNALS =
      """
      #include <signal.h>
      #include <unistd.h>
      static volatile int handled;
      static void on_usr1(int sig) { handled++; }
      int main(void) {
        struct sigaction sa = {0};
        sa.sa_handler = on_usr1;
        sigaction(SIGUSR1, &sa, 0);
        for (int i = 0; i < 5; i++) kill(getpid(), SIGUSR1);
        return handled == 5 ? 0 : 1;
      }
      """;

  @TempDir static Path dir;
  static Path program;

  @BeforeAll
  static void build() throws Exception {
    TracedRun.assumeTracingWorks();
    program = TracedRun.compile(dir, "signals", SIGNALS);
  }

  @Test
  void theSummaryCountsEachHandlerReturnAsRtSigreturn() throws Exception {
    TracedRun r = TracedRun.run(dir, "-s", "--", program.toString());
    assertThat(r.status()).isEqualTo(0);
    assertThat(r.lines().stream().filter(l -> l.contains("syscall_")).toList()).isEmpty();
    assertThat(r.lines().stream().filter(l -> l.strip().startsWith("rt_sigreturn ")).toList())
        .hasSize(1);
    assertThat(
            r.lines().stream()
                .filter(l -> l.strip().startsWith("rt_sigreturn "))
                .findFirst()
                .orElseThrow())
        .matches("\\s+rt_sigreturn\\s+5\\s+0\\s.*");
  }

  @Test
  void theLinesJoinEachHandlerReturnWithItsRtSigreturnEntry() throws Exception {
    TracedRun r = TracedRun.run(dir, "--", program.toString());
    assertThat(r.status()).isEqualTo(0);
    List<String> returns = r.lines().stream().filter(l -> l.contains(" rt_sigreturn(")).toList();
    assertThat(returns).hasSize(5);
    // one complete call each, entry joined with its return: a duration, not the blank of a lone
    // half
    assertThat(returns.stream().filter(l -> !l.matches(".*\\( *\\d+\\.\\d+ ms\\): .*")).toList())
        .isEmpty();
    assertThat(r.lines().stream().filter(l -> l.contains("syscall_")).toList()).isEmpty();
  }
}
