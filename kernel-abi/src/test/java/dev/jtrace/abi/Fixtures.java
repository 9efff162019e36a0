package dev.jtrace.abi;

import dev.jtrace.abi.snapshot.ClasspathSnapshot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * The hand-made snapshot under src/test/resources/fixture-abi (loose files here, in the test jar
 * elsewhere).
 */
public final class Fixtures {
  private Fixtures() {}

  public static Path snapshotDir() {
    try {
      return ClasspathSnapshot.find(Fixtures.class.getClassLoader(), "fixture-abi")
          .orElseThrow(
              () ->
                  new IllegalStateException("fixture-abi/MANIFEST is not on the test class path"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
