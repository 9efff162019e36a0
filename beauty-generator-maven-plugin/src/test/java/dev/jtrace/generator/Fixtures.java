package dev.jtrace.generator;

import java.net.URISyntaxException;
import java.nio.file.Path;

/** The hand-made snapshot under src/test/resources/fixture-abi. */
public final class Fixtures {
  private Fixtures() {}

  public static Path snapshotDir() {
    try {
      return Path.of(Fixtures.class.getResource("/fixture-abi/MANIFEST").toURI()).getParent();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
