package dev.jtrace.dwarf;

import static com.google.common.truth.Truth.assertThat;

import dev.jtrace.elf.ElfFile;
import dev.jtrace.elf.ElfSymbol;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Malformed DWARF never fails a lookup: truncated and bit-flipped sections of the inlining
 * workload's DWARF 5 and 4 give either the right chains, other chains, none, or a binary marked
 * malformed ({@link InlineInfo#problem}), and never an exception; truncated binaries load as having
 * no inline information.
 */
class InlineInfoFuzzTest {
  private static final int SECTIONS = 8;

  private static ByteBuffer part(DebugSections s, int i) {
    return switch (i) {
      case 0 -> s.info();
      case 1 -> s.abbrev();
      case 2 -> s.str();
      case 3 -> s.strOffsets();
      case 4 -> s.addr();
      case 5 -> s.rnglists();
      case 6 -> s.ranges();
      default -> s.lineStr();
    };
  }

  private static DebugSections with(DebugSections s, int i, ByteBuffer b) {
    ByteBuffer[] p = new ByteBuffer[SECTIONS];
    for (int k = 0; k < SECTIONS; k++) {
      p[k] = k == i ? b : part(s, k);
    }
    return new DebugSections(p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7]);
  }

  private static byte[] bytes(ByteBuffer b) {
    byte[] out = new byte[b.limit()];
    b.get(0, out);
    return out;
  }

  /** Looks up every address of il_leaf; each result is a chain of names or nothing. */
  private static int lookUpAll(InlineInfo info, long leaf, long size) {
    String[] out = new String[InlineInfo.MAX_DEPTH];
    int found = 0;
    for (long a = leaf; a < leaf + size; a++) {
      int n = info.lookup(a, out);
      assertThat(n).isAtLeast(0);
      assertThat(n).isAtMost(InlineInfo.MAX_DEPTH);
      for (int k = 0; k < n; k++) {
        assertThat(out[k]).isNotNull();
      }
      found += n > 0 ? 1 : 0;
    }
    return found;
  }

  @Test
  void truncatedAndFlippedSectionsNeverThrow() throws Exception {
    Random random = new Random(10);
    for (Path bin : List.of(InlineWorkload.framePointers(), InlineWorkload.dwarf4())) {
      ElfFile elf = ElfFile.open(bin);
      DebugSections good = DebugSections.of(elf);
      ElfSymbol leaf =
          elf.symbols(".symtab").stream().filter(s -> s.name().equals("il_leaf")).findFirst().get();
      InlineInfo control = InlineInfo.of(good, UnaryOperator.identity());
      assertThat(control.problem()).isNull();
      assertThat(lookUpAll(control, leaf.value(), leaf.size())).isEqualTo((int) leaf.size());

      int malformed = 0;
      for (int i = 0; i < SECTIONS; i++) {
        byte[] whole = bytes(part(good, i));
        for (int cut = 0; cut < whole.length; cut += Math.max(1, whole.length / 23)) {
          ByteBuffer b = ByteBuffer.wrap(Arrays.copyOf(whole, cut)).order(good.order());
          InlineInfo info = InlineInfo.of(with(good, i, b), UnaryOperator.identity());
          lookUpAll(info, leaf.value(), leaf.size());
          malformed += info.problem() != null ? 1 : 0;
        }
        for (int m = 0; m < 60 && whole.length > 0; m++) {
          byte[] flipped = whole.clone();
          for (int f = 0; f < 1 + m % 4; f++) {
            flipped[random.nextInt(flipped.length)] ^= (byte) (1 << random.nextInt(8));
          }
          InlineInfo info =
              InlineInfo.of(
                  with(good, i, ByteBuffer.wrap(flipped).order(good.order())),
                  UnaryOperator.identity());
          lookUpAll(info, leaf.value(), leaf.size());
        }
      }
      // .debug_info cut short: the unit runs past the section's end
      assertThat(malformed).isGreaterThan(0);
    }
  }

  @Test
  void truncatedBinariesLoadWithoutInlineInformation() throws Exception {
    Path bin = InlineWorkload.framePointers();
    byte[] whole = Files.readAllBytes(bin);
    Path dir = Files.createTempDirectory("inline-fuzz");
    for (int cut : new int[] {0, 16, 64, 1000, whole.length / 2, whole.length - 100}) {
      Path t = dir.resolve("cut-" + cut);
      Files.write(t, Arrays.copyOf(whole, cut));
      InlineInfo info = InlineInfo.load(t, elf -> null, UnaryOperator.identity());
      String[] out = new String[InlineInfo.MAX_DEPTH];
      assertThat(info.lookup(0x1000, out)).isEqualTo(0);
      assertThat(info.problem()).isNotNull();
    }
  }
}
