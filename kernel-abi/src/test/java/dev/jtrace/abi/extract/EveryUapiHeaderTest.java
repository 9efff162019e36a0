package dev.jtrace.abi.extract;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import dev.jtrace.abi.cheader.HeaderAnalyzer;
import dev.jtrace.abi.cheader.HeaderSyntaxException;
import dev.jtrace.abi.model.ErrnoFact;
import dev.jtrace.abi.model.HeaderFacts;
import dev.jtrace.abi.model.StructSize;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The header reader takes every UAPI header of a real tree, generic and per arch, and gets known
 * values right.
 */
class EveryUapiHeaderTest {
  @Test
  void readsEveryUapiHeader() throws IOException {
    KernelTree tree = KernelSources.linux612();
    List<String> paths = new ArrayList<>();
    try (Stream<Path> s = Files.walk(tree.root().resolve("include/uapi"))) {
      s.filter(p -> p.toString().endsWith(".h"))
          .forEach(p -> paths.add(tree.root().relativize(p).toString()));
    }
    try (Stream<Path> s = Files.list(tree.root().resolve("arch"))) {
      for (Path arch : s.toList()) {
        Path asm = arch.resolve("include/uapi/asm");
        if (Files.isDirectory(asm)) {
          try (Stream<Path> h = Files.list(asm)) {
            h.filter(p -> p.toString().endsWith(".h"))
                .forEach(p -> paths.add(tree.root().relativize(p).toString()));
          }
        }
      }
    }
    HeaderAnalyzer analyzer = new HeaderAnalyzer(tree);
    List<String> failures = new ArrayList<>();
    Map<String, HeaderFacts> facts = new HashMap<>();
    int defines = 0;
    for (String p : paths) {
      try {
        HeaderFacts h = analyzer.analyze(p);
        facts.put(p, h);
        defines += h.defines().size();
      } catch (HeaderSyntaxException e) {
        failures.add(e.getMessage());
      }
    }
    assertWithMessage("%s headers read", paths.size()).that(failures).isEmpty();
    assertWithMessage("defines found").that(defines).isGreaterThan(20_000);
    // A few values read along the way, one of each kind and from generic and arch headers: a reader
    // that
    // survives every header but gets values wrong fails here.
    assertThat(define(facts, "include/uapi/linux/prctl.h", "PR_SET_NAME")).isEqualTo(15);
    assertThat(define(facts, "include/uapi/asm-generic/mman-common.h", "MAP_ANONYMOUS"))
        .isEqualTo(0x20);
    assertThat(define(facts, "arch/mips/include/uapi/asm/mman.h", "MAP_ANONYMOUS"))
        .isEqualTo(0x800);
    assertThat(define(facts, "arch/alpha/include/uapi/asm/errno.h", "EAGAIN")).isEqualTo(35);
    assertThat(define(facts, "include/uapi/linux/fs.h", "FS_IOC_GETFLAGS")).isEqualTo(0x80086601L);
    assertThat(facts.get("include/uapi/asm-generic/errno-base.h").errnos())
        .contains(new ErrnoFact("ENOENT", 2, "No such file or directory"));
    assertThat(facts.get("include/uapi/linux/openat2.h").structs())
        .contains(new StructSize("struct", "open_how", 24));
  }

  private static long define(Map<String, HeaderFacts> facts, String header, String name) {
    return facts.get(header).defines().stream()
        .filter(d -> d.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError(header + " has no define " + name))
        .value()
        .orElseThrow(() -> new AssertionError(header + ": " + name + " has no value"));
  }
}
