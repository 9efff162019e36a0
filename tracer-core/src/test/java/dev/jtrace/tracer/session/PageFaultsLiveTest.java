package dev.jtrace.tracer.session;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.common.collect.Range;
import dev.jtrace.symbols.StacksWorkload;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * perf trace's -F/--pf and --sched, live: the project's faults.c touches {@link #PAGES} fresh
 * anonymous pages (a minor fault each) and reads a byte of each of as many pages of a file dropped
 * from the page cache, without readahead (a major fault each), so every fault's function, mapping
 * and offset is known beforehand; {@code --spin} burns a known CPU time. Before, -F was refused as
 * an unknown option, and a tracepoint counting more than one per hit (sched_stat_runtime adds its
 * runtime in ns) printed each hit hundreds of times.
 */
class PageFaultsLiveTest {
  private static final int PAGES = 16;

  /** {@code minfault [jt_touch_anon+0x11] => //anon@0x7f… (d.)}. */
  private static final Pattern FAULT =
      Pattern.compile(
          " faults/\\d+ (maj|min)fault \\[(\\w+)\\+0x[0-9a-f]+\\] => (\\S+)@0x([0-9a-f]+)"
              + " \\((.)(.)\\)$");

  private static Path dir;
  private static Path program;
  private static Path data;

  @BeforeAll
  static void setUp() throws Exception {
    TracedRun.assumeTracingWorks();
    // on the module's disk, not a tmpfs: a tmpfs page is never read in, so never a major fault
    dir = Path.of(System.getProperty("basedir", "")).toAbsolutePath().resolve("target/faults");
    Files.createDirectories(dir);
    try (var in = PageFaultsLiveTest.class.getResourceAsStream("faults.c")) {
      program =
          TracedRun.compile(dir, "faults", new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
    data = dir.resolve("data");
    byte[] bytes = new byte[PAGES * 4096];
    new Random(1).nextBytes(bytes);
    Files.write(data, bytes);
  }

  /** jtrace with these options on the workload (its file, PAGES pages). */
  private static TracedRun traceWorkload(String... options) throws Exception {
    List<String> args = new ArrayList<>(List.of(options));
    args.addAll(List.of("--", program.toString(), data.toString(), "" + PAGES));
    return TracedRun.run(dir, args.toArray(String[]::new));
  }

  /** The fault lines of the workload: kind, function, mapping, offset, map type, level. */
  private static List<String[]> faults(List<String> lines) {
    List<String[]> out = new ArrayList<>();
    for (String l : lines) {
      Matcher m = FAULT.matcher(l);
      if (m.find()) {
        out.add(
            new String[] {m.group(1), m.group(2), m.group(3), m.group(4), m.group(5), m.group(6)});
      }
    }
    return out;
  }

  @Test
  void everyFaultNamesItsFunctionAndTheMappingOfItsAddress() throws Exception {
    TracedRun run = traceWorkload("-F", "all", "--no-syscalls");
    assertWithMessage(run.messages()).that(run.status()).isEqualTo(0);
    List<String[]> faults = faults(run.lines());
    TreeSet<Long> anonPages = new TreeSet<>();
    TreeSet<String> fileOffsets = new TreeSet<>();
    for (String[] f : faults) {
      if (f[1].equals("jt_touch_anon")) {
        assertWithMessage("%s", List.of(f))
            .that(f[0] + " " + f[2] + " " + f[4] + f[5])
            .isEqualTo("min //anon d.");
        anonPages.add(Long.parseUnsignedLong(f[3], 16));
      } else if (f[1].equals("jt_read_file")) {
        assertWithMessage("%s", List.of(f))
            .that(f[0] + " " + f[2] + " " + f[4] + f[5])
            .isEqualTo("maj " + data + " d.");
        fileOffsets.add(f[3]);
      }
    }
    // anonymous memory is named by the address itself: PAGES pages in a row
    assertWithMessage("%s", run.lines()).that(anonPages).hasSize(PAGES);
    assertThat(anonPages.last() - anonPages.first()).isEqualTo((PAGES - 1) * 4096L);
    // a file by the offset in it: byte 8 of each page
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < PAGES; i++) expected.add(Long.toHexString(i * 4096L + 8));
    assertWithMessage("%s", run.lines()).that(fileOffsets).containsExactlyElementsIn(expected);
    // the loader's own faults are there too, and those the kernel takes name no mapping: (?k)
    assertThat(run.lines().stream().anyMatch(l -> l.contains("minfault [") && l.endsWith("(?k)")))
        .isTrue();
  }

  /**
   * perf trace -F on the same workload names the same functions, mappings and offsets (the
   * anonymous addresses differ from run to run: their count is compared).
   */
  @Test
  void perfTraceSeesTheSameFaults() throws Exception {
    List<String> perf =
        List.of(
            StacksWorkload.run(
                    List.of(
                        "perf",
                        "trace",
                        "-F",
                        "all",
                        "--no-syscalls",
                        "--",
                        program.toString(),
                        data.toString(),
                        "" + PAGES),
                    "perf")
                .split("\n"));
    TracedRun run = traceWorkload("-F", "all", "--no-syscalls");
    assertWithMessage(run.messages()).that(run.status()).isEqualTo(0);
    assertThat(workloadFaults(run.lines())).containsExactlyElementsIn(workloadFaults(perf));
  }

  /** The faults in the workload's two functions, anonymous addresses left out. */
  private static List<String> workloadFaults(List<String> lines) {
    List<String> out = new ArrayList<>();
    for (String[] f : faults(lines)) {
      if (f[1].startsWith("jt_")) {
        out.add(
            f[0]
                + " "
                + f[1]
                + " "
                + (f[2].equals("//anon") ? "//anon" : f[2] + "@" + f[3])
                + " "
                + f[4]
                + f[5]);
      }
    }
    return out;
  }

  @Test
  void jsonCarriesTheFaultsFields() throws Exception {
    TracedRun run = traceWorkload("--json", "-F", "maj", "--no-syscalls");
    assertWithMessage(run.messages()).that(run.status()).isEqualTo(0);
    List<JsonNode> reads =
        run.lines().stream()
            .map(TracedRun.Json::object)
            .filter(n -> n.path("sym").asText().equals("jt_read_file"))
            .toList();
    assertWithMessage("%s", run.lines()).that(reads).hasSize(PAGES);
    for (JsonNode n : reads) {
      assertThat(n.get("event").asText()).isEqualTo("majfault");
      assertThat(n.get("map").asText()).isEqualTo(data.toString());
      assertThat(n.get("dso").asText()).isEqualTo(program.toString());
      assertThat(n.get("kernel").asBoolean()).isFalse();
      assertThat(Long.parseLong(n.get("map_off").asText().substring(2), 16) % 4096).isEqualTo(8);
    }
    assertThat(run.lines().stream().filter(l -> l.contains("\"minfault\"")).toList()).isEmpty();
  }

  @Test
  void theSummaryCountsEachThreadsFaults() throws Exception {
    TracedRun run = traceWorkload("-s", "-F", "all");
    assertWithMessage(run.messages()).that(run.status()).isEqualTo(0);
    String head =
        run.lines().stream().filter(l -> l.startsWith(" faults (")).findFirst().orElseThrow();
    Matcher m = Pattern.compile(", (\\d+) majfaults, (\\d+) minfaults$").matcher(head);
    assertWithMessage(head).that(m.find()).isTrue();
    assertThat(Long.parseLong(m.group(1))).isAtLeast(PAGES);
    assertThat(Long.parseLong(m.group(2))).isAtLeast(PAGES);
  }

  /**
   * --sched: the thread's time on CPU in its summary head, the sum of its sched_stat_runtime events
   * (printed too, as -e named them: one line per hit), close to the CPU time the program measured
   * itself (the accounting ends at its exit, begins at its exec).
   */
  @Test
  void schedAddsTheThreadsRuntimeOncePerHit() throws Exception {
    Path trace = dir.resolve("sched.out");
    Path stdout = dir.resolve("sched.stdout");
    Files.deleteIfExists(trace);
    Process p =
        TracerProcess.command(
                "-S",
                "--sched",
                "--no-syscalls",
                "-e",
                "sched:sched_stat_runtime",
                "-o",
                trace.toString(),
                "--",
                program.toString(),
                "--spin",
                "100")
            .redirectOutput(stdout.toFile())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .redirectInput(new File("/dev/null"))
            .start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isEqualTo(0);
    long selfNs = Long.parseLong(Files.readString(stdout).strip());
    List<String> lines = Files.readAllLines(trace);
    String head = lines.stream().filter(l -> l.startsWith(" faults (")).findFirst().orElseThrow();
    String tid = head.substring(" faults (".length(), head.indexOf(')'));
    // by tid: the hits while the exec was replacing the comm name the old one
    Pattern runtime = Pattern.compile("/" + tid + " sched:sched_stat_runtime:.* runtime=(\\d+) ");
    long summed = 0;
    for (String l : lines) {
      Matcher m = runtime.matcher(l);
      if (m.find()) summed += Long.parseLong(m.group(1));
    }
    assertWithMessage("%s", lines).that(summed).isGreaterThan(0L);
    Matcher m = Pattern.compile(", (\\d+\\.\\d{3}) msec$").matcher(head);
    assertWithMessage(head).that(m.find()).isTrue();
    assertThat(m.group(1)).isEqualTo(String.format(java.util.Locale.ROOT, "%.3f", summed / 1e6));
    // Not above the program's own CPU time (once per hit: before, hundreds of times), nor far
    // below it: the slice since the last tick before the exit is never reported (the task's events
    // are gone by then), and on a loaded host more of it goes unreported (seen: 89 of 102 ms).
    assertWithMessage("runtime %s ns, the program's own CPU time %s ns", summed, selfNs)
        .that((double) summed)
        .isIn(Range.closed(0.6 * selfNs, selfNs + 2e6));
  }

  /**
   * jtrace record of a counting tracepoint writes one sample per hit, as perf script reads it: the
   * runtimes sum to about the CPU time the program measured (before, each hit was written hundreds
   * of times).
   */
  @Test
  void recordWritesACountingTracepointOncePerHit() throws Exception {
    Path file = dir.resolve("runtime.data");
    Files.deleteIfExists(file);
    TracedRun rec =
        TracedRun.record(
            "-o",
            file.toString(),
            "-e",
            "sched:sched_stat_runtime",
            "--",
            program.toString(),
            "--spin",
            "100");
    assertWithMessage(rec.messages()).that(rec.status()).isEqualTo(0);
    String script =
        StacksWorkload.run(List.of("perf", "script", "-i", file.toString()), "perf script");
    long summed = 0;
    Matcher m = Pattern.compile(" runtime=(\\d+) \\[ns\\]").matcher(script);
    while (m.find()) summed += Long.parseLong(m.group(1));
    // the spin's 100 ms of CPU, less what goes unreported at the exit (see above)
    assertWithMessage(script).that((double) summed).isIn(Range.closed(60e6, 110e6));
  }

  /**
   * With --call-graph a fault's stack prints under it (its function first), as perf trace -F
   * --call-graph does; and the process ends once: every event that carries mappings also gets a
   * copy of each FORK and EXIT from the kernel (before, one +++ exited line per copy).
   */
  @Test
  void withCallGraphAFaultHasItsStackAndTheProcessEndsOnce() throws Exception {
    TracedRun run = traceWorkload("-F", "maj", "--call-graph", "fp");
    assertWithMessage(run.messages()).that(run.status()).isEqualTo(0);
    List<String> lines = run.lines();
    int reads = 0;
    for (int i = 0; i + 1 < lines.size(); i++) {
      if (lines.get(i).contains("majfault [jt_read_file+")) {
        reads++;
        assertWithMessage("%s", lines)
            .that(lines.get(i + 1).strip())
            .isEqualTo("jt_read_file (" + program + ")");
      }
    }
    assertThat(reads).isEqualTo(PAGES);
    assertWithMessage("%s", lines)
        .that(lines.stream().filter(l -> l.contains("+++ exited with 0 +++")).count())
        .isEqualTo(1);
  }
}
