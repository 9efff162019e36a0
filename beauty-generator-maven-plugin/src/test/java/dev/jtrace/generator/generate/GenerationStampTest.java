package dev.jtrace.generator.generate;

import static com.google.common.truth.Truth.assertThat;

import dev.jtrace.abi.cheader.HeaderAnalyzer;
import java.net.URISyntaxException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The stamp covers the code generation runs: a changed parser (kernel-abi) regenerates as a changed
 * plugin does.
 */
class GenerationStampTest {
  @Test
  void coversThePluginAndTheKernelAbiParsers() throws URISyntaxException {
    Path plugin =
        Path.of(BeautyGeneration.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Path parsers =
        Path.of(HeaderAnalyzer.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    assertThat(parsers).isNotEqualTo(plugin);
    assertThat(GenerationStamp.codeLocations()).containsExactly(plugin, parsers).inOrder();
  }
}
