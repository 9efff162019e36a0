package dev.jtrace.tracer.session;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * jtrace -s summed in the kernel, against the workload's known calls and against the real strace -c
 * -f on the same dd: calls and errors per syscall equal, histograms that sum to the calls, errno
 * lines that sum to the errors, and the modes regrouping the same calls.
 */
class KernelSummaryLiveTest {
  private static final int COUNT = 3000;
  private static final Pattern ROW =
      Pattern.compile(
          "^   (\\w+)\\s+(\\d+)\\s+(\\d+)\\s+[\\d.]+\\s+[\\d.]+\\s+[\\d.]+\\s+[\\d.]+\\s+[\\d.]+%$");
  private static final Pattern BUCKET = Pattern.compile("^   \\[[^]]*\\]?\\)?\\s+(\\d+) \\|.*\\|$");
  private static final Pattern ERRNO = Pattern.compile("^\t\t\t\t(E\\w+): (\\d+)$");

  @TempDir Path dir;

  @BeforeAll
  static void tracing() {
    TracedRun.assumeTracingWorks();
  }

  private static String[] dd() {
    return new String[] {"dd", "if=/dev/zero", "of=/dev/null", "bs=1", "count=" + COUNT};
  }

  private TracedRun jtrace(String... options) throws IOException {
    List<String> args = new ArrayList<>(List.of(options));
    args.add("--");
    args.addAll(List.of(dd()));
    TracedRun r = TracedRun.run(dir, args.toArray(String[]::new));
    assertThat(r.status()).isEqualTo(0);
    assertThat(r.messages()).doesNotContain("user space");
    return r;
  }

  /** name → {calls, errors} of the summary's rows. */
  private static Map<String, long[]> rows(List<String> lines) {
    Map<String, long[]> rows = new TreeMap<>();
    for (String l : lines) {
      Matcher m = ROW.matcher(l);
      if (m.matches()) {
        long[] prev = rows.getOrDefault(m.group(1), new long[2]);
        rows.put(
            m.group(1),
            new long[] {
              prev[0] + Long.parseLong(m.group(2)), prev[1] + Long.parseLong(m.group(3))
            });
      }
    }
    return rows;
  }

  /** strace -c -f's calls and errors per syscall on the same command. */
  private Map<String, long[]> strace() throws IOException, InterruptedException {
    Path out = dir.resolve("strace-c.txt");
    List<String> argv = new ArrayList<>(List.of("strace", "-c", "-f", "-o", out.toString()));
    argv.addAll(List.of(dd()));
    Process p;
    try {
      p =
          new ProcessBuilder(argv)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
    } catch (IOException e) {
      assumeTrue(false, "no strace: " + e.getMessage());
      throw e;
    }
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    Map<String, long[]> rows = new TreeMap<>();
    for (String l : Files.readAllLines(out)) {
      String[] f = l.trim().split("\\s+");
      if (f.length < 5 || !f[0].matches("[\\d.]+") || f[f.length - 1].equals("total")) {
        continue;
      }
      boolean errors = f.length == 6;
      rows.put(
          f[f.length - 1], new long[] {Long.parseLong(f[3]), errors ? Long.parseLong(f[4]) : 0});
    }
    return rows;
  }

  private static String text(Map<String, long[]> rows) {
    StringBuilder b = new StringBuilder();
    rows.forEach(
        (k, v) -> b.append(k).append('=').append(v[0]).append('/').append(v[1]).append(' '));
    return b.toString();
  }

  @Test
  void countsEqualStraceAndTheWorkload() throws Exception {
    Map<String, long[]> got = rows(jtrace("-s").lines());
    // dd's own copy: COUNT reads and writes, plus a few of its start-up
    assertThat(got.get("read")[0]).isAtLeast(COUNT);
    assertThat(got.get("read")[0]).isAtMost(COUNT + 10);
    assertThat(got.get("write")[0]).isAtLeast(COUNT);
    Map<String, long[]> strace = strace();
    // exit_group never returns: perf trace -s and jtrace leave it out, strace -c counts it
    strace.remove("exit_group");
    assertThat(text(got)).isEqualTo(text(strace));
  }

  @Test
  void histogramsSumToTheCallsAndErrnosToTheErrors() throws Exception {
    List<String> lines = jtrace("-s", "--histogram", "--errno-summary").lines();
    Map<String, long[]> rows = rows(lines);
    String current = null;
    Map<String, Long> buckets = new TreeMap<>();
    Map<String, Long> errnos = new TreeMap<>();
    for (String l : lines) {
      Matcher row = ROW.matcher(l);
      Matcher bucket = BUCKET.matcher(l);
      Matcher errno = ERRNO.matcher(l);
      if (row.matches()) {
        current = row.group(1);
      } else if (bucket.matches() && current != null) {
        buckets.merge(current, Long.parseLong(bucket.group(1)), Long::sum);
      } else if (errno.matches() && current != null) {
        errnos.merge(current, Long.parseLong(errno.group(2)), Long::sum);
      }
    }
    assertThat(buckets.keySet()).isEqualTo(rows.keySet());
    rows.forEach((name, v) -> assertThat(buckets.get(name)).isEqualTo(v[0]));
    rows.forEach((name, v) -> assertThat(errnos.getOrDefault(name, 0L)).isEqualTo(v[1]));
    assertThat(rows.get("openat")[1]).isGreaterThan(0L); // the loader's misses: ENOENT
    assertThat(lines).contains("\t\t\t\tENOENT: " + rows.get("openat")[1]);
  }

  @Test
  void everyModeRegroupsTheSameCalls() throws Exception {
    for (String mode : List.of("process", "total", "cgroup")) {
      List<String> lines = jtrace("-s", "--summary-mode=" + mode).lines();
      Map<String, long[]> rows = rows(lines);
      assertThat(rows.get("read")[0]).isAtLeast(COUNT);
      assertThat(rows.get("read")[0]).isAtMost(COUNT + 10);
      long groups = lines.stream().filter(l -> l.contains(" events, ")).count();
      assertThat(groups).isEqualTo(1); // one dd process, one total, dd's one cgroup
      if (mode.equals("total")) {
        assertThat(lines)
            .contains(
                " total, "
                    + 2 * rows.values().stream().mapToLong(v -> v[0]).sum()
                    + " events, 100.0%");
      }
      if (mode.equals("cgroup")) {
        assertThat(lines.stream().filter(l -> l.contains(" events, ")).findFirst().orElseThrow())
            .startsWith(" /");
      }
    }
  }

  /**
   * A sigreturn leaves no syscall number in pt_regs at its exit (the kernel sets -1 against a
   * restart); the exit program finds the call among the sigreturns in flight: one per signal
   * handled.
   */
  @Test
  void sigreturnsAreCountedOnePerSignalHandled() throws Exception {
    TracedRun r =
        TracedRun.run(
            dir,
            "-s",
            "--",
            "sh",
            "-c",
            "trap : USR1; for i in 1 2 3 4 5 6 7; do kill -USR1 $$; done");
    assertThat(r.status()).isEqualTo(0);
    Map<String, long[]> rows = rows(r.lines());
    assertThat(rows.get("kill")[0]).isEqualTo(7);
    assertThat(rows.get("rt_sigreturn")[0]).isEqualTo(7);
  }

  /**
   * -S sums in the kernel beside the capture that prints the lines: with a one-page ring per CPU
   * and no spill file the lines lose most calls (LOST), the summary none.
   */
  @Test
  void withLinesTheSummaryCountsTheCallsTheRingLost() throws Exception {
    int count = 100_000;
    TracedRun r =
        TracedRun.run(
            dir,
            "-S",
            "-m",
            "1",
            "--spill-limit",
            "0",
            "--",
            "dd",
            "if=/dev/zero",
            "of=/dev/null",
            "bs=1",
            "count=" + count);
    assertThat(r.status()).isEqualTo(0);
    assertThat(r.messages()).doesNotContain("user space");
    long printed = r.lines().stream().filter(l -> l.contains(" read(fd: 0")).count();
    assumeTrue(printed < count, "the one-page ring lost no read: nothing to check");
    assertThat(r.lines().stream().anyMatch(l -> l.contains("LOST"))).isTrue();
    Map<String, long[]> rows = rows(r.lines());
    assertThat(rows.get("read")[0]).isAtLeast(count);
    assertThat(rows.get("read")[0]).isAtMost(count + 10);
    assertThat(rows.get("write")[0]).isAtLeast(count);
    assertThat(rows.get("write")[0]).isAtMost(count + 10);
  }
}
