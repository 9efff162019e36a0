package dev.jtrace.tracer.session;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The project's C workload for argument contents (src/test/c/contents.c): built with gcc into
 * target/c once per run, it makes each call issue 9 decodes with values the tests know, then prints
 * the facts they cannot know ahead (fds, pids, the UDP port) as {@code name value...} lines.
 */
public final class ContentsWorkload {
  private static final Path SOURCE = module().resolve("src/test/c/contents.c");
  private static final Path BINARY = module().resolve("target/c/contents");

  private ContentsWorkload() {}

  private static Path module() {
    return Path.of(System.getProperty("basedir", "")).toAbsolutePath();
  }

  /** The built workload; skips the calling test when gcc cannot build it. */
  public static synchronized Path binary() throws IOException, InterruptedException {
    if (Files.isExecutable(BINARY)
        && Files.getLastModifiedTime(BINARY).compareTo(Files.getLastModifiedTime(SOURCE)) > 0) {
      return BINARY;
    }
    Files.createDirectories(BINARY.getParent());
    Process gcc;
    try {
      gcc =
          new ProcessBuilder(
                  "gcc", "-O1", "-Wall", "-Werror", "-o", BINARY.toString(), SOURCE.toString())
              .redirectErrorStream(true)
              .start();
    } catch (IOException e) {
      assumeTrue(false, "no gcc to build " + SOURCE + ": " + e.getMessage());
      throw e;
    }
    String out = new String(gcc.getInputStream().readAllBytes());
    assumeTrue(
        gcc.waitFor(120, TimeUnit.SECONDS) && gcc.exitValue() == 0,
        "gcc cannot build " + SOURCE + ": " + out);
    return BINARY;
  }

  /** The command line that runs the workload with its files in dir. */
  public static String[] command(Path dir) throws IOException, InterruptedException {
    return new String[] {binary().toString(), dir.toString()};
  }

  /** The facts a run printed: each line's first word, then the rest split on spaces. */
  public static Map<String, List<String>> facts(String stdout) {
    Map<String, List<String>> facts = new LinkedHashMap<>();
    for (String line : stdout.split("\n")) {
      if (!line.isBlank()) {
        String[] words = line.split(" ");
        facts.put(words[0], List.of(words).subList(1, words.length));
      }
    }
    return facts;
  }
}
