package dev.jtrace.tracer.session;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * --filter, -z and -G on real processes, through the command line: the talk's etcsnoop, numeric and
 * flag tests on the saved arguments, successful calls only, a child cgroup, and bad expressions
 * refused in one line with the column.
 */
class FilterLiveTest {
  @TempDir static Path dir;

  @BeforeAll
  static void setUp() {
    TracedRun.assumeTracingWorks();
  }

  /** Where the cgroup v2 hierarchy is mounted; skips the test when it is not. */
  private static Path cgroup2Root() throws java.io.IOException {
    Path root = null;
    for (String line : Files.readAllLines(Path.of("/proc/self/mounts"))) {
      String[] f = line.split(" ");
      if (f[2].equals("cgroup2")) {
        root = Path.of(f[1]);
      }
    }
    assumeTrue(root != null, "no cgroup v2 hierarchy mounted");
    return root;
  }

  private static List<String> with(List<String> lines, String part) {
    return lines.stream().filter(l -> l.contains(part)).toList();
  }

  @Test
  void etcsnoopSeesEtcAndNotProc() throws Exception {
    TracedRun run =
        TracedRun.run(
            dir,
            "-a",
            "-e",
            "open,openat",
            "--filter",
            "filename ~ \"/etc/*\"",
            "--",
            "sh",
            "-c",
            "cat /etc/hostname /proc/version >/dev/null");
    assertWithMessage(run.messages()).that(run.status()).isEqualTo(0);
    assertThat(with(run.lines(), "filename: \"/etc/hostname\"")).isNotEmpty();
    assertThat(with(run.lines(), "/proc/version")).isEmpty();
    List<String> calls = with(run.lines(), "open");
    assertThat(calls).isNotEmpty();
    for (String l : calls) {
      assertWithMessage("every call shown opens a path under /etc/")
          .that(l)
          .containsMatch("filename: \"/etc/");
    }
  }

  @Test
  void middleRunsAreMatchedInTheKernel() throws Exception {
    TracedRun run =
        TracedRun.run(
            dir,
            "-e",
            "openat",
            "--filter",
            "filename ~ \"*hostn*\"",
            "--",
            "cat",
            "/etc/hostname");
    assertWithMessage(run.messages()).that(run.status()).isEqualTo(0);
    List<String> opens = with(run.lines(), "openat(");
    assertThat(with(opens, "filename: \"/etc/hostname\"")).hasSize(1);
    // ld.so's and libc's opens (ld.so.cache, libc.so.6, locale files) do not match
    assertWithMessage("%s", run.lines()).that(opens).hasSize(1);

    // several runs and a class: only /etc/hostname has /, [h]ost and a final e in order
    run =
        TracedRun.run(
            dir,
            "-e",
            "openat",
            "--filter",
            "filename ~ \"*/[h]ost*e\"",
            "--",
            "cat",
            "/etc/hosts",
            "/etc/hostname",
            "/etc/os-release");
    assertWithMessage(run.messages()).that(run.status()).isEqualTo(0);
    opens = with(run.lines(), "openat(");
    assertWithMessage("%s", run.lines()).that(opens).hasSize(1);
    assertThat(opens.getFirst()).contains("filename: \"/etc/hostname\"");
  }

  @Test
  void numericAndFlagTestsOnTheSavedArguments() throws Exception {
    Path file = Files.writeString(dir.resolve("data"), "x".repeat(10000));
    // dd reads 4096-byte blocks, then 100-byte ones: count > 4000 keeps only the first kind
    TracedRun run =
        TracedRun.run(
            dir,
            "-e",
            "read",
            "--filter",
            "count > 4000 && fd == 0",
            "--",
            "sh",
            "-c",
            "dd if="
                + file
                + " of=/dev/null bs=4096 count=2 2>/dev/null;"
                + " dd if="
                + file
                + " of=/dev/null bs=100 count=3 2>/dev/null");
    assertWithMessage(run.messages()).that(run.status()).isEqualTo(0);
    List<String> reads = with(run.lines(), "read(");
    assertThat(with(reads, "count: 4096")).hasSize(2);
    assertThat(with(reads, "count: 100")).isEmpty();
    assertThat(reads.size()).isEqualTo(2);

    run =
        TracedRun.run(
            dir,
            "-e",
            "openat",
            "--filter",
            "!(flags & CLOEXEC) && dfd == AT_FDCWD",
            "--",
            "cat",
            file.toString());
    assertWithMessage(run.messages()).that(run.status()).isEqualTo(0);
    List<String> opens = with(run.lines(), "openat(");
    // ld.so and libc open their libraries with O_CLOEXEC; cat opens its file without
    assertThat(with(opens, "filename: \"" + file + "\"")).hasSize(1);
    assertThat(with(opens, "libc.so")).isEmpty();
    for (String l : opens) {
      assertThat(l).doesNotContain("CLOEXEC");
      assertThat(l).contains("dfd: CWD");
    }
  }

  @Test
  void successfulOnlyIsTheOppositeOfFailure() throws Exception {
    String cmd = "cat /etc/hostname /no/such/file >/dev/null 2>&1; true";
    TracedRun ok = TracedRun.run(dir, "-z", "-e", "openat", "--", "sh", "-c", cmd);
    TracedRun failed = TracedRun.run(dir, "--failure", "-e", "openat", "--", "sh", "-c", cmd);
    assertThat(with(ok.lines(), "\"/etc/hostname\"")).hasSize(1);
    assertThat(with(ok.lines(), "/no/such/file")).isEmpty();
    assertThat(with(failed.lines(), "/no/such/file")).hasSize(1);
    assertThat(with(failed.lines(), "\"/etc/hostname\"")).isEmpty();
    for (String l : with(ok.lines(), "openat(")) {
      assertThat(l).doesNotContain("= -1");
    }
  }

  @Test
  void cgroupKeepsTheTasksInsideIt() throws Exception {
    Path root = cgroup2Root();
    Path group = root.resolve("jtrace-filter-test-" + ProcessHandle.current().pid());
    Files.createDirectories(group);
    try {
      // the inner shell moves itself into the cgroup, then opens a marker; the outer one opens
      // another marker outside it
      String script =
          "sh -c 'echo $$ > "
              + group.resolve("cgroup.procs")
              + "; cat /etc/hostname >/dev/null'; cat /etc/os-release >/dev/null";
      TracedRun run =
          TracedRun.run(
              dir, "-a", "-G", group.toString(), "-e", "openat", "--", "sh", "-c", script);
      assertWithMessage(run.messages()).that(run.status()).isEqualTo(0);
      assertThat(with(run.lines(), "\"/etc/hostname\"")).isNotEmpty();
      assertThat(with(run.lines(), "/etc/os-release")).isEmpty();
    } finally {
      Files.deleteIfExists(group);
    }
  }

  @Test
  void jsonCarriesTheCgroupIdOfEachCall() throws Exception {
    Path root = cgroup2Root();
    Path group = root.resolve("jtrace-json-cgroup-test-" + ProcessHandle.current().pid());
    Files.createDirectories(group);
    try {
      String script =
          "echo $$ > " + group.resolve("cgroup.procs") + "; cat /etc/hostname >/dev/null";
      TracedRun run =
          TracedRun.run(
              dir,
              "--json",
              "-a",
              "-G",
              group.toString(),
              "-e",
              "openat",
              "--",
              "sh",
              "-c",
              script);
      assertWithMessage(run.messages()).that(run.status()).isEqualTo(0);
      // a cgroup v2 id is its directory's inode number
      long id = ((Number) Files.getAttribute(group, "unix:ino")).longValue();
      List<String> opens = with(run.lines(), "\\\"/etc/hostname\\\"");
      assertWithMessage("%s", run.lines()).that(opens).isNotEmpty();
      for (String l : opens) {
        assertThat(l).contains(",\"cgroup\":" + id);
      }
    } finally {
      Files.deleteIfExists(group);
    }
  }

  @Test
  void badExpressionsAreOneLineWithTheColumn() throws Exception {
    TracedRun run =
        TracedRun.run(dir, "-e", "read", "--filter", "fd == && count > 1", "--", "true");
    assertThat(run.status()).isEqualTo(2);
    assertThat(run.messages().strip())
        .isEqualTo(
            "jtrace: --filter: at column 7: expected a number or a name after '==', found '&&'");
    run = TracedRun.run(dir, "-e", "read", "--filter", "fd == 1 || nosuch < 3", "--", "true");
    assertThat(run.status()).isEqualTo(2);
    assertThat(run.messages().strip())
        .isEqualTo(
            "jtrace: --filter at column 12: no selected syscall has an argument named nosuch");
    assertThat(run.messages().strip().lines().count()).isEqualTo(1);
    run = TracedRun.run(dir, "-e", "openat", "--filter", "filename ~ \"/etc/[a-\"", "--", "true");
    assertThat(run.status()).isEqualTo(2);
    assertThat(run.messages().strip())
        .isEqualTo(
            "jtrace: --filter: at column 18: this [ opens a character class with no ]: write \\["
                + " for a [");
    run = TracedRun.run(dir, "--capture=perf", "-e", "read", "--filter", "fd == 1", "--", "true");
    assertThat(run.status()).isEqualTo(2);
    assertThat(run.messages()).contains("--capture=perf");
  }
}
