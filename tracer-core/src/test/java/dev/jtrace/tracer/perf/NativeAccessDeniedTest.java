package dev.jtrace.tracer.perf;

import static com.google.common.truth.Truth.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A JVM that may not call native code gets a PerfException saying what to change, not a class-init
 * error.
 */
class NativeAccessDeniedTest {
  /**
   * Run in a JVM started with {@code --illegal-native-access=deny}: prints what a native call
   * reports.
   */
  public static void main(String[] args) {
    try {
      NativeCalls.pidfdOpen((int) ProcessHandle.current().pid());
      System.out.println("the call ran");
    } catch (PerfException e) {
      System.out.println("PerfException: " + e.getMessage());
    } catch (Throwable t) {
      System.out.println("escaped: " + t);
    }
  }

  @Test
  void aDeniedJvmIsToldToEnableNativeAccess() throws Exception {
    String java = ProcessHandle.current().info().command().orElseThrow();
    Process p =
        new ProcessBuilder(
                List.of(
                    java,
                    "--illegal-native-access=deny",
                    "-cp",
                    System.getProperty("java.class.path"),
                    NativeAccessDeniedTest.class.getName()))
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(out.strip())
        .isEqualTo(
            "PerfException: pidfd_open: native access is denied (run java with"
                + " --enable-native-access=ALL-UNNAMED)");
  }
}
