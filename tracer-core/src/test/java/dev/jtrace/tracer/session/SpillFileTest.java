package dev.jtrace.tracer.session;

import static com.google.common.truth.Truth.assertThat;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The paired capture's spill file: pieces come back as written, within a bound, leaving nothing.
 */
class SpillFileTest {
  @TempDir Path dir;

  @Test
  void piecesComeBackInTheOrderWrittenAndTheFileLeavesNoName() throws IOException {
    try (SpillFile spill = SpillFile.create(dir, 1 << 20, 4096)) {
      try (Stream<Path> files = Files.list(dir)) {
        assertThat(files.toList()).isEmpty(); // unlinked at once: nothing left however jtrace ends
      }
      long first = write(spill, 1, 4096);
      long second = write(spill, 2, 1000);
      assertThat(second).isEqualTo(first + 4096);
      MemorySegment back = Arena.ofAuto().allocate(4096, 8);
      spill.readBack(first, 4096, back);
      assertThat(back.get(ValueLayout.JAVA_BYTE, 4095)).isEqualTo((byte) 1);
      spill.readBack(second, 1000, back);
      assertThat(back.get(ValueLayout.JAVA_BYTE, 0)).isEqualTo((byte) 2);
      assertThat(back.get(ValueLayout.JAVA_BYTE, 999)).isEqualTo((byte) 2);
      // everything was read back: the next piece starts the file over
      assertThat(write(spill, 3, 10)).isEqualTo(0);
      assertThat(spill.usage()).contains("3 pieces spilled");
    }
  }

  @Test
  void roomIsWhatTheLimitLeavesUnreadBack() throws IOException {
    try (SpillFile spill = SpillFile.create(dir, 8192, 4096)) {
      assertThat(spill.usage()).isEqualTo("nothing spilled");
      assertThat(spill.hasRoom(4096)).isTrue();
      long a = write(spill, 1, 4096);
      write(spill, 2, 4096);
      assertThat(spill.hasRoom(1)).isFalse();
      spill.readBack(a, 4096, Arena.ofAuto().allocate(4096, 8));
      assertThat(spill.hasRoom(4096)).isTrue();
      assertThat(spill.hasRoom(4097)).isFalse();
    }
  }

  @Test
  void aDirectoryThatTakesNoFileIsAnError() {
    Path missing = dir.resolve("missing");
    org.junit.jupiter.api.Assertions.assertThrows(
        IOException.class, () -> SpillFile.create(missing, 1 << 20, 4096).close());
  }

  private static long write(SpillFile spill, int value, int n) throws IOException {
    spill.staging().asSlice(0, n).fill((byte) value);
    return spill.append(n);
  }
}
