package dev.jtrace.beauty.content;

import static com.google.common.truth.Truth.assertWithMessage;

import dev.jtrace.beauty.Arch;
import dev.jtrace.beauty.ArgSpec;
import dev.jtrace.beauty.SyscallBeautifier;
import dev.jtrace.beauty.SyscallSignature;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The generated copies against the signatures: every argument the renderer prints as a string (the
 * perf tracepoint capture copies those) is copied by the paired capture too. mount's, utime's and
 * sethostname's {@code char *} (not marked const in their formats) and prctl's SET_NAME printed as
 * pointers under the paired capture before.
 */
class SyscallContentsTest {
  @Test
  void everyStringTheRendererPrintsIsCopied() {
    for (Arch arch : List.of(Arch.X86_64, Arch.I386, Arch.ARM64)) {
      SyscallBeautifier b = SyscallBeautifier.forArch(arch);
      List<String> missing = new ArrayList<>();
      for (int nr = 0; nr < 1024; nr++) {
        SyscallSignature s = b.signature(nr);
        if (s == null) {
          continue;
        }
        List<ContentSpec> specs = SyscallContents.of(arch, b.name(nr));
        for (int i = 0; i < s.args().size(); i++) {
          ArgSpec a = s.args().get(i);
          int index = i;
          if (a.printsUserString()
              && specs.stream()
                  .noneMatch(c -> c.arg() == index && c.kind() == ContentKind.STRING)) {
            missing.add(b.name(nr) + "." + a.name());
          }
        }
      }
      assertWithMessage("%s: strings printed but not copied", arch).that(missing).isEmpty();
    }
  }

  @Test
  void prctlsNameIsCopiedForSetNameOnly() {
    ContentSpec name = SyscallContents.of(Arch.X86_64, "prctl").getFirst();
    assertWithMessage("%s", name).that(name.kind()).isEqualTo(ContentKind.STRING);
    assertWithMessage("%s", name).that(name.selectorValue()).isEqualTo(15); // PR_SET_NAME
    assertWithMessage("%s", name).that(name.selects(new long[] {16, 0, 0, 0, 0, 0})).isFalse();
  }
}
