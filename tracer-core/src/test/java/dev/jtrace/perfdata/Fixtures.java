package dev.jtrace.perfdata;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jtrace.perfdata.read.PerfDataHandler;
import dev.jtrace.perfdata.read.PerfDataReader;
import dev.jtrace.perfdata.read.PerfHeader;
import dev.jtrace.perfdata.read.PerfRecord;
import dev.jtrace.perfdata.read.ReadResult;
import dev.jtrace.perfdata.read.Sample;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Where the test perf.data files are, and small helpers to read them and to run the real perf. */
public final class Fixtures {
  private Fixtures() {}

  /** One of our recorded fixtures (src/test/resources/perf-data). */
  public static Path ours(String name) {
    try {
      return Path.of(Fixtures.class.getResource("/perf-data/" + name).toURI());
    } catch (URISyntaxException | NullPointerException e) {
      throw new IllegalStateException("test resource perf-data/" + name + " is missing", e);
    }
  }

  /**
   * The variable that points the tests at the foreign fixtures when they are not beside the
   * checkout.
   */
  public static final String FOREIGN_FIXTURES_VARIABLE = "JTRACE_FOREIGN_FIXTURES";

  /**
   * The directory of the foreign fixtures (perf.data files from other arches and writers, kept
   * outside the repository): $JTRACE_FOREIGN_FIXTURES, else ../shared/fixtures/perf-data beside the
   * checkout. Skips the test when it is not there.
   */
  public static Path foreignDir() {
    String env = System.getenv(FOREIGN_FIXTURES_VARIABLE);
    Path dir;
    if (env != null && !env.isBlank()) {
      dir = Path.of(env);
    } else {
      String root = System.getProperty("jtrace.root");
      assumeTrue(
          root != null,
          "system property jtrace.root is not set (run through Maven) and "
              + FOREIGN_FIXTURES_VARIABLE
              + " is not set");
      dir = Path.of(root).resolve("../shared/fixtures/perf-data").normalize();
    }
    assumeTrue(
        Files.isDirectory(dir),
        "no foreign fixtures at "
            + dir
            + " (they live outside the repository; set "
            + FOREIGN_FIXTURES_VARIABLE
            + " to their directory)");
    return dir;
  }

  /** A foreign fixture (see {@link #foreignDir()}); skips the test when it is absent. */
  public static Path foreign(String name) {
    Path file = foreignDir().resolve(name);
    assumeTrue(
        Files.isRegularFile(file),
        "foreign fixture " + name + " is absent from " + file.getParent());
    return file;
  }

  /** Everything a read delivered. */
  public static final class Collected implements PerfDataHandler {
    public PerfHeader header;
    public final List<PerfRecord> records = new ArrayList<>();
    public final List<Sample> samples = new ArrayList<>();
    public final List<String> warnings = new ArrayList<>();
    public ReadResult result;

    @Override
    public void header(PerfHeader h) {
      header = h;
    }

    @Override
    public void record(PerfRecord r) {
      records.add(r);
      if (r instanceof Sample s) samples.add(s);
    }

    @Override
    public void warning(String message) {
      warnings.add(message);
    }

    public long samplesOf(String event) {
      return samples.stream().filter(s -> s.event().name().equals(event)).count();
    }
  }

  public static Collected read(Path file) {
    Collected c = new Collected();
    c.result = PerfDataReader.read(file, c);
    return c;
  }

  /** The real perf, or a skipped test. */
  public static Path perf() {
    Path perf = Path.of("/usr/bin/perf");
    assumeTrue(Files.isExecutable(perf), "perf is not installed at /usr/bin/perf");
    return perf;
  }

  /** Output of running a command: exit status, stdout, stderr. */
  public record Run(int status, String out, String err) {}

  public static Run run(List<String> command) throws IOException, InterruptedException {
    Path out = Files.createTempFile("jtrace-test", ".out");
    Path err = Files.createTempFile("jtrace-test", ".err");
    try {
      Process p =
          new ProcessBuilder(command)
              .redirectOutput(out.toFile())
              .redirectError(err.toFile())
              .start();
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException(command + " did not finish");
      }
      return new Run(
          p.exitValue(),
          Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }
}
