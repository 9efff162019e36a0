package dev.jtrace.generator.generate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Generation that does nothing when its inputs are unchanged: the stamp file holds a digest of the
 * snapshot and the generator; the same digest and an existing output mean the sources on disk are
 * current.
 */
public final class StampedGeneration {
  /**
   * What a run did.
   *
   * @param generated false when it found everything up to date
   * @param result the generation's result when it generated, else null
   */
  public record Outcome(boolean generated, BeautyGeneration.Result result) {
    public List<String> warnings() {
      return result == null ? List.of() : result.warnings();
    }
  }

  private StampedGeneration() {}

  public static Outcome run(
      Path snapshotDir, Path outputRoot, Path stampFile, String generatorVersion)
      throws IOException {
    String stamp = GenerationStamp.compute(snapshotDir, generatorVersion);
    if (Files.isDirectory(outputRoot) && GenerationStamp.matches(stampFile, stamp)) {
      return new Outcome(false, null);
    }
    BeautyGeneration.Result r = BeautyGeneration.generate(snapshotDir, outputRoot);
    GenerationStamp.write(stampFile, stamp);
    return new Outcome(true, r);
  }
}
