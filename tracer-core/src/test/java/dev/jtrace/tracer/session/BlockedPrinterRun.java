package dev.jtrace.tracer.session;

import static com.google.common.truth.Truth.assertWithMessage;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * jtrace tracing dd with its lines going to a pipe the test does not read until dd has finished:
 * the printer blocks on its first full pipe buffer, so everything dd does meanwhile meets a printer
 * that is stuck. The tests of what the bounded queue and a stop do then share it.
 */
final class BlockedPrinterRun implements AutoCloseable {
  private static final Pattern LOST = Pattern.compile("^LOST (\\d+) (calls|events)!$");

  /** What came out of the pipe: lines other than LOST ones, dd's reads and writes, the lost. */
  record Counts(long lines, long reads, long writes, long lost) {}

  final Process process;
  final Path err;
  private final Path done;

  /**
   * Starts jtrace with these options on dd of count bytes, then the shell's after (its own command;
   * the workload's output goes to /dev/null, so only jtrace holds the pipe).
   */
  BlockedPrinterRun(Path dir, List<String> options, int count, String after) throws IOException {
    done = dir.resolve("done");
    err = dir.resolve("err");
    List<String> args = new ArrayList<>(options);
    args.addAll(
        List.of(
            "-o",
            "/dev/stdout",
            "--",
            "sh",
            "-c",
            "exec >/dev/null; dd if=/dev/zero of=/dev/null bs=1 count="
                + count
                + " 2>/dev/null; : > "
                + done
                + after));
    process =
        TracerProcess.command(args.toArray(String[]::new)).redirectError(err.toFile()).start();
  }

  /** Waits for dd to end (not timing it) and asserts it did while the printer was blocked. */
  void awaitDd() throws InterruptedException {
    for (int i = 0; i < 1200 && !Files.exists(done) && process.isAlive(); i++) {
      Thread.sleep(50);
    }
    assertWithMessage("dd ended while the printer was blocked").that(Files.exists(done)).isTrue();
  }

  /** Reads the pipe to its end. */
  Counts read() throws IOException {
    long lines = 0;
    long reads = 0;
    long writes = 0;
    long lost = 0;
    try (BufferedReader r =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String l; (l = r.readLine()) != null; ) {
        Matcher m = LOST.matcher(l);
        if (m.matches()) {
          lost += Long.parseLong(m.group(1));
          continue;
        }
        lines++;
        if (l.contains(" read(fd: 0")) {
          reads++;
        } else if (l.contains(" write(fd: 1")) {
          writes++;
        }
      }
    }
    return new Counts(lines, reads, writes, lost);
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }
}
