package dev.jtrace.tracer.bpf;

import static com.google.common.truth.Truth.assertThat;

import dev.jtrace.beauty.Arch;
import dev.jtrace.beauty.SyscallBeautifier;
import dev.jtrace.tracer.select.SyscallNames;
import dev.jtrace.tracer.select.SyscallSelection;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Which arguments the in-kernel capture copies: the signatures' user strings, for the selected
 * calls.
 */
class StringCaptureArgsTest {
  private static final SyscallBeautifier X86 = SyscallBeautifier.forArch(Arch.X86_64);

  @Test
  void pathsAndTextArgumentsOfTheSelectedCalls() throws Exception {
    Map<Integer, int[]> all = StringCapture.argsFor(X86, null);
    assertThat(all.get(X86.number("openat"))).asList().containsExactly(1);
    assertThat(all.get(X86.number("renameat2"))).asList().containsExactly(1, 3).inOrder();
    assertThat(all).doesNotContainKey(X86.number("close"));

    SyscallSelection.Selection openOnly =
        SyscallSelection.parse("openat,close", SyscallNames.of(X86));
    assertThat(StringCapture.argsFor(X86, openOnly).keySet()).containsExactly(X86.number("openat"));
    SyscallSelection.Selection closeOnly = SyscallSelection.parse("close", SyscallNames.of(X86));
    assertThat(StringCapture.argsFor(X86, closeOnly)).isEmpty();
  }
}
