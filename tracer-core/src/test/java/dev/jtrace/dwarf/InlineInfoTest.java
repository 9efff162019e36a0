package dev.jtrace.dwarf;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jtrace.elf.ElfFile;
import dev.jtrace.elf.ElfSection;
import dev.jtrace.elf.ElfSymbol;
import dev.jtrace.symbols.BinarySymbols;
import dev.jtrace.symbols.Demangler;
import dev.jtrace.symbols.StacksWorkload;
import dev.jtrace.symbols.Symbolizer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Differential: the inline chains {@link InlineInfo} reads from DWARF 5 and DWARF 4 binaries (the
 * inlining workload, -O2 -g) and from libc's separate debug file are those {@code addr2line -i -f}
 * prints, address by address.
 */
class InlineInfoTest {
  private static InlineInfo load(Path bin) {
    return InlineInfo.load(bin, elf -> null, Demangler::demangle);
  }

  @Test
  void workloadChainAtTheSyscallIsTheInlinedFunctionsThenTheCaller() throws Exception {
    for (Path bin : List.of(InlineWorkload.framePointers(), InlineWorkload.dwarf4())) {
      ElfFile elf = ElfFile.open(bin);
      long leaf = symbol(elf, "il_leaf");
      byte[] text = code(elf, leaf, 64);
      int syscall = indexOf(text, new byte[] {0x0f, 0x05});
      assertThat(syscall).isAtLeast(0);
      InlineInfo info = load(bin);
      assertWithMessage("%s", info.problem()).that(info.problem()).isNull();
      String[] out = new String[InlineInfo.MAX_DEPTH];
      int n = info.lookup(leaf + syscall + 2, out);
      assertThat(Arrays.asList(out).subList(0, n))
          .containsExactly("il_inner", "il_outer", "il_leaf")
          .inOrder();
      // at the syscall instruction itself, il_syscall is the innermost
      n = info.lookup(leaf + syscall, out);
      assertThat(Arrays.asList(out).subList(0, n))
          .containsExactly("il_syscall", "il_inner", "il_outer", "il_leaf")
          .inOrder();
    }
  }

  @Test
  void everyCodeAddressOfTheWorkloadAsAddr2line() throws Exception {
    for (Path bin : List.of(InlineWorkload.noFramePointers(), InlineWorkload.dwarf4())) {
      ElfFile elf = ElfFile.open(bin);
      List<Long> addresses = new ArrayList<>();
      for (ElfSymbol s : elf.symbols(".symtab")) {
        // inside functions: the padding between them has line rows but no function in the DWARF
        if (s.type() == ElfSymbol.STT_FUNC) {
          for (long a = s.value(); a < s.value() + s.size(); a++) {
            addresses.add(a);
          }
        }
      }
      compareWithAddr2line(bin, load(bin), addresses);
    }
  }

  /** libc's DWARF 5 (in its build-id debug file, zlib-compressed sections) at its functions. */
  @Test
  void libcFunctionsAsAddr2line() throws Exception {
    Path libc = Path.of("/usr/lib/x86_64-linux-gnu/libc.so.6");
    assumeTrue(Files.isRegularFile(libc), "no " + libc);
    ElfFile elf = ElfFile.open(libc);
    ElfFile debug =
        BinarySymbols.debugFile(elf, libc, elf.buildId(), Symbolizer.DEFAULT_DEBUG_ROOT);
    assumeTrue(debug != null, "no debug file for libc here (libc6-dbg)");
    InlineInfo info = InlineInfo.load(libc, e -> debug, Demangler::demangle);
    assertWithMessage("%s", info.problem()).that(info.problem()).isNull();
    List<Long> addresses = new ArrayList<>();
    int k = 0;
    for (ElfSymbol s : debug.symbols(".symtab")) {
      if (s.type() == ElfSymbol.STT_FUNC && s.size() > 16 && k++ % 25 == 0) {
        addresses.add(s.value() + Math.min(s.size() - 1, 7 + k % 40));
      }
    }
    assertThat(addresses.size()).isGreaterThan(50);
    compareWithAddr2line(Path.of(debug.name()), info, addresses);
  }

  private static void compareWithAddr2line(Path bin, InlineInfo info, List<Long> addresses)
      throws Exception {
    List<String> cmd =
        new ArrayList<>(List.of("addr2line", "-a", "-i", "-f", "-e", bin.toString()));
    for (long a : addresses) {
      cmd.add("0x" + Long.toHexString(a));
    }
    String out = StacksWorkload.run(cmd, "addr2line");
    Map<Long, List<String>> theirs = new LinkedHashMap<>();
    Map<Long, Boolean> known = new LinkedHashMap<>();
    long at = -1;
    String[] lines = out.split("\n");
    for (int i = 0; i < lines.length; i++) {
      if (lines[i].startsWith("0x")) {
        at = Long.parseUnsignedLong(lines[i].substring(2), 16);
        theirs.put(at, new ArrayList<>());
        known.put(at, true);
      } else if (i + 1 < lines.length) {
        theirs.get(at).add(Demangler.demangle(lines[i]));
        if (lines[i].equals("??")
            || lines[i + 1].startsWith("??:")
            || lines[i + 1].endsWith(":?")) {
          known.put(
              at,
              false); // not from the DWARF: addr2line fell back to the symbol table (and STT_FILE)
        }
        i++;
      }
    }
    String[] chain = new String[InlineInfo.MAX_DEPTH];
    int compared = 0;
    int inlined = 0;
    for (Map.Entry<Long, List<String>> e : theirs.entrySet()) {
      if (!known.get(e.getKey())) {
        continue;
      }
      int n = info.lookup(e.getKey(), chain);
      assertWithMessage("%s at 0x%s", bin, Long.toHexString(e.getKey()))
          .that(Arrays.asList(chain).subList(0, n))
          .isEqualTo(e.getValue());
      compared++;
      inlined += n > 1 ? 1 : 0;
    }
    assertThat(compared).isGreaterThan(addresses.size() / 3);
    assertThat(inlined).isGreaterThan(0);
  }

  private static long symbol(ElfFile elf, String name) throws Exception {
    for (ElfSymbol s : elf.symbols(".symtab")) {
      if (s.name().equals(name)) {
        return s.value();
      }
    }
    throw new AssertionError("no " + name);
  }

  private static byte[] code(ElfFile elf, long address, int length) throws Exception {
    ElfSection text = elf.section(".text");
    byte[] all = elf.bytes(text);
    return Arrays.copyOfRange(
        all, (int) (address - text.addr()), (int) (address - text.addr()) + length);
  }

  private static int indexOf(byte[] in, byte[] what) {
    for (int i = 0; i + what.length <= in.length; i++) {
      if (Arrays.equals(in, i, i + what.length, what, 0, what.length)) {
        return i;
      }
    }
    return -1;
  }
}
