package dev.jtrace.cli;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import dev.jtrace.perfdata.Fixtures;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code jtrace script -i FILE} against what {@code perf script -i FILE} printed for the same file,
 * checked in as golden files ({@code perf-script/FILE.txt}, whose README says how they were made),
 * and the installed perf against the same goldens, so that a perf that prints differently is told
 * apart from a jtrace that does.
 */
class ScriptGoldenTest {
  private static final List<String> OURS =
      List.of(
          "raw_syscalls-true.data",
          "trace-record-true.data",
          "pipe-raw_syscalls-true.data",
          "futex-python.data",
          "pipe-futex-python.data",
          "futex-system.data",
          "zstd-raw_syscalls-true.data");

  /** Foreign files whose samples carry no callchain. */
  private static final List<String> FOREIGN =
      List.of("fib-aarch64.perf_data", "perf.data.armv7-3.4", "perf.data.i686-3.4");

  /**
   * simpleperf, a callchain per sample: jtrace prints neither the callchain nor perf's event name
   * (README).
   */
  private static final String FOREIGN_WITH_CALLCHAINS = "perf_with_arm_regs.data";

  /**
   * perf's symbol and dso columns, which jtrace does not print: {@code [unknown]
   * ([kernel.kallsyms])}.
   */
  private static final Pattern SYMBOL_AND_DSO =
      Pattern.compile(" \\S+ \\([^)\\n]*\\)$", Pattern.MULTILINE);

  private static Path fixture(String name) {
    return OURS.contains(name) ? Fixtures.ours(name) : Fixtures.foreign(name);
  }

  private static String golden(String name) {
    try (InputStream in =
        ScriptGoldenTest.class.getResourceAsStream("/perf-script/" + name + ".txt")) {
      assertWithMessage("golden perf-script/%s.txt", name).that(in).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String jtraceScript(Path file) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status =
        ScriptCommand.run(
            new String[] {"-i", file.toString()},
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    assertWithMessage("jtrace script -i %s: %s", file, err).that(status).isEqualTo(0);
    return out.toString(StandardCharsets.UTF_8);
  }

  static List<String> ours() {
    return OURS;
  }

  static List<String> foreign() {
    return FOREIGN;
  }

  static List<String> all() {
    return Stream.of(OURS, FOREIGN, List.of(FOREIGN_WITH_CALLCHAINS))
        .flatMap(List::stream)
        .toList();
  }

  @ParameterizedTest
  @MethodSource("ours")
  void scriptPrintsWhatPerfPrints(String name) {
    assertThat(jtraceScript(fixture(name))).isEqualTo(golden(name));
  }

  @ParameterizedTest
  @MethodSource("foreign")
  void onForeignFilesScriptPrintsWhatPerfPrintsLessSymbols(String name) {
    // The one difference: perf resolves each ip to a symbol and a dso, jtrace to neither.
    String golden = golden(name);
    String lessSymbols = SYMBOL_AND_DSO.matcher(golden).replaceAll("");
    assertWithMessage("every line of the golden has perf's symbol and dso")
        .that(lessSymbols.lines().filter(l -> l.endsWith(")")).toList())
        .isEmpty();
    assertThat(jtraceScript(fixture(name))).isEqualTo(lessSymbols);
  }

  @Test
  void onSimpleperfCallchainsScriptPrintsTheChainAsPerf() {
    // perf: an unpadded comm, the event under its default name (the file has no EVENT_DESC), then
    // the callchain one ip a line with symbol and dso (all unknown here: another machine's kernel)
    // and a blank line; jtrace: the comm padded as always, simpleperf's own name from META_INFO,
    // then the same chain.
    List<String> perf = golden(FOREIGN_WITH_CALLCHAINS).lines().toList();
    String sample = perf.getFirst();
    String comm = sample.substring(0, sample.indexOf(' '));
    StringBuilder expected =
        new StringBuilder(
            String.format("%16s%s", comm, sample.substring(comm.length()))
                .replace(" cycles:HG: ", " cpu-cycles:"));
    expected.append('\n');
    perf.subList(1, perf.size()).forEach(l -> expected.append(l).append('\n'));
    assertThat(jtraceScript(fixture(FOREIGN_WITH_CALLCHAINS))).isEqualTo(expected.toString());
  }

  @ParameterizedTest
  @MethodSource("all")
  void installedPerfStillPrintsTheGolden(String name) throws Exception {
    Path perf = Fixtures.perf();
    Fixtures.Run r =
        Fixtures.run(List.of(perf.toString(), "script", "-f", "-i", fixture(name).toString()));
    assertWithMessage("perf script -i %s: %s", name, r.err()).that(r.status()).isEqualTo(0);
    assertWithMessage(
            "the installed perf (%s) prints %s differently from perf 6.1.187, which made the"
                + " golden",
            perfVersion(perf), name)
        .that(r.out())
        .isEqualTo(golden(name));
  }

  @Test
  void everyGoldenIsCompared() throws Exception {
    // a golden that no test reads would rot unnoticed
    Path dir =
        Path.of(ScriptGoldenTest.class.getResource("/perf-script/README.md").toURI()).getParent();
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(
              files
                  .map(f -> f.getFileName().toString())
                  .filter(n -> n.endsWith(".txt"))
                  .map(n -> n.substring(0, n.length() - ".txt".length()))
                  .toList())
          .containsExactlyElementsIn(all());
    }
  }

  private static String perfVersion(Path perf) throws Exception {
    return Fixtures.run(List.of(perf.toString(), "version")).out().strip();
  }
}
