package dev.jtrace.abi.extract;

import static com.google.common.truth.Truth.assertWithMessage;

import dev.jtrace.abi.cheader.HeaderAnalyzer;
import dev.jtrace.abi.cheader.HeaderSyntaxException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The header reader survives every UAPI header of a real tree, generic and per arch. */
class EveryUapiHeaderTest {
  @Test
  void readsEveryUapiHeader() throws IOException {
    KernelTree tree = KernelSources.linux612();
    List<String> paths = new ArrayList<>();
    try (Stream<Path> s = Files.walk(tree.root().resolve("include/uapi"))) {
      s.filter(p -> p.toString().endsWith(".h")).forEach(p -> paths.add(tree.root().relativize(p).toString()));
    }
    try (Stream<Path> s = Files.list(tree.root().resolve("arch"))) {
      for (Path arch : s.toList()) {
        Path asm = arch.resolve("include/uapi/asm");
        if (Files.isDirectory(asm)) {
          try (Stream<Path> h = Files.list(asm)) {
            h.filter(p -> p.toString().endsWith(".h")).forEach(p -> paths.add(tree.root().relativize(p).toString()));
          }
        }
      }
    }
    HeaderAnalyzer analyzer = new HeaderAnalyzer(tree);
    List<String> failures = new ArrayList<>();
    int defines = 0;
    for (String p : paths) {
      try {
        defines += analyzer.analyze(p).defines().size();
      } catch (HeaderSyntaxException e) {
        failures.add(e.getMessage());
      }
    }
    assertWithMessage("%s headers read", paths.size()).that(failures).isEmpty();
    assertWithMessage("defines found").that(defines).isGreaterThan(20_000);
  }
}
