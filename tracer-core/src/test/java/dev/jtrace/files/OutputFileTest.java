package dev.jtrace.files;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link OutputFile} without a trace around it: what it refuses and what it writes through. */
class OutputFileTest {
  @TempDir Path dir;

  @Test
  void anEmptyFileIsReplacedWithoutAnOldCopy() throws IOException {
    Path out = Files.createFile(dir.resolve("empty"));
    try (FileChannel ch = OutputFile.create(out)) {
      ch.write(ByteBuffer.wrap("new".getBytes(StandardCharsets.UTF_8)));
    }
    assertThat(Files.readString(out)).isEqualTo("new");
    assertThat(Files.exists(dir.resolve("empty.old"))).isFalse();
  }

  @Test
  void aDeviceIsWrittenAsItIs() throws IOException {
    try (FileChannel ch = OutputFile.create(Path.of("/dev/null"))) {
      assertThat(ch.write(ByteBuffer.wrap(new byte[] {1, 2, 3}))).isEqualTo(3);
    }
  }

  @Test
  void aDirectoryOrAMissingParentIsOneLineWithTheReason() throws IOException {
    IOException directory = assertThrows(IOException.class, () -> OutputFile.create(dir));
    assertThat(directory).hasMessageThat().isEqualTo("cannot write " + dir + ": Is a directory");
    Path missing = dir.resolve("no/such/dir/x");
    IOException parent = assertThrows(IOException.class, () -> OutputFile.create(missing));
    assertThat(parent)
        .hasMessageThat()
        .isEqualTo("cannot write " + missing + ": No such file or directory");
    Path underAFile = Files.createFile(dir.resolve("file")).resolve("x");
    IOException notDir = assertThrows(IOException.class, () -> OutputFile.create(underAFile));
    assertThat(notDir)
        .hasMessageThat()
        .isEqualTo("cannot write " + underAFile + ": Not a directory");
  }
}
