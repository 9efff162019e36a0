package dev.jtrace.abi.snapshot;

import static com.google.common.truth.Truth.assertThat;

import dev.jtrace.abi.extract.KernelSources;
import dev.jtrace.abi.model.AbiSnapshot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reader and the writer agree: the pinned snapshot, read and written again, is the same bytes.
 */
class SnapshotRoundTripTest {
  @Test
  void pinnedSnapshotReadsAndWritesBackUnchanged(@TempDir Path out) throws IOException {
    Path pinned = KernelSources.committedSnapshot();

    AbiSnapshot s = SnapshotReader.read(pinned);
    SnapshotWriter.write(s, out);

    assertThat(s.headers()).isNotEmpty();
    List<Path> written = facts(out);
    assertThat(written).isEqualTo(facts(pinned));
    for (Path f : written) {
      assertThat(Files.readString(out.resolve(f))).isEqualTo(Files.readString(pinned.resolve(f)));
    }
  }

  private static List<Path> facts(Path root) throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(p -> p.toString().endsWith(".facts")).map(root::relativize).sorted().toList();
    }
  }
}
