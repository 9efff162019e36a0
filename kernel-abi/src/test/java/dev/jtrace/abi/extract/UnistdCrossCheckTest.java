package dev.jtrace.abi.extract;

import static com.google.common.truth.Truth.assertThat;

import dev.jtrace.abi.cheader.HeaderAnalyzer;
import dev.jtrace.abi.cheader.TargetArch;
import dev.jtrace.abi.model.SyscallEntry;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * arm64 and riscv64 numbers two ways: the generic scripts/syscall.tbl (what 6.11+ builds from) and
 * asm-generic/unistd.h through the preprocessor with the arch's __ARCH_WANT_* macros and
 * __BITS_PER_LONG 64 (what older kernels and every libc use). They must agree.
 */
class UnistdCrossCheckTest {
  private static Map<String, Integer> fromUnistd(
      KernelTree tree, String arch, Map<String, String> wants) {
    Map<String, OptionalLong> values =
        new HeaderAnalyzer(tree)
            .macroValues(
                "include/uapi/asm-generic/unistd.h",
                TargetArch.forDir(arch),
                wants,
                Pattern.compile("__NR_\\w+"));
    Map<String, Integer> out = new TreeMap<>();
    values.forEach(
        (k, v) -> {
          if (v.isPresent()
              && !k.equals("__NR_syscalls")
              && !k.equals("__NR_arch_specific_syscall")) {
            out.put(k.substring(5), (int) v.getAsLong());
          }
        });
    return out;
  }

  private static Map<String, Integer> fromTable(KernelTree tree, String arch) {
    Map<String, Integer> out = new TreeMap<>();
    for (SyscallEntry e : SyscallTables.read(tree).tables().get(arch).entries()) {
      out.put(e.name(), e.number());
    }
    return out;
  }

  @Test
  void arm64() {
    KernelTree tree = KernelSources.linux612();
    Map<String, Integer> unistd =
        fromUnistd(
            tree,
            "arm64",
            Map.of(
                "__ARCH_WANT_RENAMEAT",
                "1",
                "__ARCH_WANT_NEW_STAT",
                "1",
                "__ARCH_WANT_SET_GET_RLIMIT",
                "1",
                "__ARCH_WANT_MEMFD_SECRET",
                "1"));
    assertThat(unistd).containsEntry("mmap", 222);
    assertThat(unistd).containsEntry("fstat", 80);
    assertThat(unistd).containsEntry("lseek", 62);
    assertThat(unistd).containsEntry("fadvise64", 223);
    assertThat(unistd).isEqualTo(fromTable(tree, "arm64"));
  }

  @Test
  void riscv64() {
    KernelTree tree = KernelSources.linux612();
    Map<String, Integer> unistd =
        fromUnistd(
            tree,
            "riscv",
            Map.of(
                "__ARCH_WANT_NEW_STAT",
                "1",
                "__ARCH_WANT_SET_GET_RLIMIT",
                "1",
                "__ARCH_WANT_MEMFD_SECRET",
                "1"));
    unistd.put("riscv_flush_icache", 244 + 15);
    unistd.put("riscv_hwprobe", 244 + 14);
    assertThat(unistd).isEqualTo(fromTable(tree, "riscv64"));
  }
}
