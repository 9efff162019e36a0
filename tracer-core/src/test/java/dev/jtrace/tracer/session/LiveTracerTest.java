package dev.jtrace.tracer.session;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import dev.jtrace.beauty.Arch;
import dev.jtrace.beauty.SyscallBeautifier;
import dev.jtrace.tracer.session.TracedRun.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Traces a small C program written for these tests on the real kernel and checks the decoded
 * events. Syscall numbers are x86_64's; rendered names come from the beautifier so the tests hold
 * whatever its tables say.
 */
class LiveTracerTest extends WorkloadTest {
  private static final int READ = 0;
  private static final int WRITE = 1;
  private static final int ACCESS = 21;
  private static final int DUP2 = 33;

  /** glibc's nanosleep() is clock_nanosleep. */
  private static final int NANOSLEEP = 230;

  private static final int CLONE = 56;
  private static final int KILL = 62;
  private static final int GETPPID = 110;
  private static final int EXIT_GROUP = 231;
  private static final int OPENAT = 257;
  private static final int PIPE2 = 293;
  private static final long O_CLOEXEC = 0x80000;
  private static final long ENOENT = 2;

  private static final SyscallBeautifier BEAUTY = SyscallBeautifier.forArch(Arch.X86_64);

  private static List<Json> ofNr(List<Json> events, int nr) {
    return events.stream().filter(e -> e.nr() == nr).toList();
  }

  /**
   * Asserts that some of the candidates (events or lines) are what is described; a failure lists
   * them.
   */
  private static <T> void some(List<T> candidates, String what, Predicate<T> matches) {
    List<T> hits = candidates.stream().filter(matches).toList();
    int shown = Math.min(candidates.size(), 40);
    assertWithMessage(
            "no %s among %s candidates:\n%s",
            what,
            candidates.size(),
            String.join("\n", candidates.subList(0, shown).stream().map(String::valueOf).toList())
                + (shown < candidates.size() ? "\n..." : ""))
        .that(hits)
        .isNotEmpty();
  }

  @Test
  void decodesTheWorkloadsFileAndProcessCalls() throws Exception {
    TracedRun r = TracedRun.run(dir, "--json", "--", workload.toString(), "all");
    assertWithMessage(r.messages()).that(r.status()).isEqualTo(0);
    List<Json> ev = r.json();
    int pid = ev.stream().filter(e -> e.nr() == OPENAT).findFirst().orElseThrow().pid();

    // openat(AT_FDCWD, "/etc/hostname", O_RDONLY|O_CLOEXEC) = 3: the last openat of the main
    // process.
    List<Json> opens = ofNr(ev, OPENAT).stream().filter(e -> e.pid() == pid).toList();
    Json open = opens.getLast();
    assertThat(open.rawArgs()).contains(O_CLOEXEC);
    assertThat(open.ret()).isEqualTo(3);

    // dup2(3, 10) = 10, then read(10, buf, 16)
    Json dup2 = ofNr(ev, DUP2).getFirst();
    assertThat(dup2.rawArgs().subList(0, 2)).containsExactly(3L, 10L).inOrder();
    assertThat(dup2.ret()).isEqualTo(10);
    some(ofNr(ev, READ), "read(10, ...) >= 0", e -> e.rawArgs().getFirst() == 10L && e.ret() >= 0);

    // access("/nonexistent/...") = -1 ENOENT
    some(ofNr(ev, ACCESS), "access(...) = -ENOENT", e -> e.ret() == -ENOENT);

    // pipe2 gives fds 4 and 5: write(5, "x", 1) = 1, read(4, buf, 1) = 1
    assertThat(ofNr(ev, PIPE2)).isNotEmpty();
    some(ofNr(ev, WRITE), "write(5, ...) = 1", e -> e.rawArgs().getFirst() == 5L && e.ret() == 1);
    some(ofNr(ev, READ), "read(4, ...) = 1", e -> e.rawArgs().getFirst() == 4L && e.ret() == 1);

    // clone returns the child's pid; the child's own events carry its prctl'd COMM.
    Json clone =
        ofNr(ev, CLONE).stream()
            .filter(e -> e.pid() == pid && !e.continued())
            .findFirst()
            .orElseThrow();
    int child = clone.ret().intValue();
    assertThat(child).isGreaterThan(0);
    Json childGetppid =
        ofNr(ev, GETPPID).stream().filter(e -> e.pid() == child).findFirst().orElseThrow();
    assertThat(childGetppid.comm()).isEqualTo("jtchild");
    assertThat(childGetppid.ret()).isEqualTo(pid);

    // kill(child, SIGTERM) = 0
    Json kill = ofNr(ev, KILL).getFirst();
    assertThat(kill.rawArgs().subList(0, 2)).containsExactly((long) child, 15L).inOrder();
    assertThat(kill.ret()).isEqualTo(0);

    // exit_group does not return.
    Json exit = ev.getLast();
    assertThat(exit.nr()).isEqualTo(EXIT_GROUP);
    assertThat(exit.ret()).isNull();
  }

  @Test
  void pathArgumentsAndNewFdPathsComeFromTheKernelCapture() throws Exception {
    TracedRun r = TracedRun.run(dir, "--", workload.toString(), "all");
    assertWithMessage(r.messages()).that(r.status()).isEqualTo(0);
    String text = String.join("\n", r.lines());
    assertWithMessage(text)
        .that(text)
        .containsMatch(
            "openat\\(dfd: CWD, filename: \"/etc/hostname\", flags: RDONLY\\|CLOEXEC\\) +"
                + "= 3</etc/hostname>");
    assertWithMessage(text)
        .that(text)
        .containsMatch("dup2\\(oldfd: 3</etc/hostname>, newfd: 10\\) += 10</etc/hostname>");
    assertWithMessage(text).that(text).containsMatch("read\\(fd: 10</etc/hostname>, ");
    assertWithMessage(text)
        .that(text)
        .containsMatch(
            "access\\(filename: \"/nonexistent/[^\"]*\", mode: [RWXF|]+\\) += -1 ENOENT \\(No such"
                + " file or directory\\)");
  }

  @Test
  void pathsAreCapturedOnPerSyscallTracepointsToo() throws Exception {
    // -e with a few syscalls uses syscalls:sys_enter_NAME, whose records are shorter than
    // raw_syscalls'
    // (openat has four arguments): the string capture must fit each one.
    TracedRun r = TracedRun.run(dir, "-e", "openat,access", "--", workload.toString(), "all");
    assertWithMessage(r.messages()).that(r.status()).isEqualTo(0);
    String text = String.join("\n", r.lines());
    assertWithMessage(text)
        .that(text)
        .containsMatch(
            "openat\\(dfd: CWD, filename: \"/etc/hostname\", flags: RDONLY\\|CLOEXEC\\) +"
                + "= 3</etc/hostname>");
    assertWithMessage(text).that(text).containsMatch("access\\(filename: \"/nonexistent/");
  }

  @Test
  void textLinesHavePerfLayout() throws Exception {
    TracedRun r = TracedRun.run(dir, "--no-signals", "--", workload.toString(), "all");
    assertThat(r.status()).isEqualTo(0);
    Pattern line =
        Pattern.compile(
            "^( {0,9}\\d+\\.\\d{3}| {9}\\?) \\((?: *\\d+\\.\\d{3} ms| {9})\\): (\\S+)/(\\d+)"
                + " (.*)$");
    String openat = BEAUTY.name(OPENAT) + "(";
    String exitGroup = BEAUTY.name(EXIT_GROUP) + "(";
    for (String l : r.lines()) {
      Matcher m = line.matcher(l);
      assertWithMessage("line: %s", l).that(m.matches()).isTrue();
      int nameStart = m.start(4);
      if (l.endsWith(" ...")) {
        continue;
      }
      // '=' sits 70 columns after the name's start, or one space after a longer call text.
      int eq = l.lastIndexOf(" = ") + 1;
      if (eq > nameStart + 70) {
        assertWithMessage("spacing in: %s", l).that(l.charAt(eq - 2)).isNotEqualTo(' ');
      } else {
        assertWithMessage("'=' column in: %s", l).that(eq).isEqualTo(nameStart + 70);
      }
      if (m.group(4).startsWith(exitGroup)) {
        assertThat(l).endsWith("= ?");
      }
    }
    some(
        r.lines(),
        "an openat that returns fd 3",
        l -> l.contains(" " + openat) && l.endsWith("= 3") || l.contains("= 3<"));
    some(r.lines(), "an exit_group", l -> l.contains(" " + exitGroup));
    // The trace starts inside the exec that enabled it.
    assertThat(r.lines().getFirst()).contains("... [continued]: " + BEAUTY.name(59) + "()");
  }

  @Test
  void summaryCountsEqualTheWorkloadsCalls() throws Exception {
    TracedRun r = TracedRun.run(dir, "-s", "--", workload.toString(), "busy", "1234");
    assertThat(r.status()).isEqualTo(0);
    String row =
        r.lines().stream()
            .filter(l -> l.startsWith("   " + BEAUTY.name(GETPPID) + " "))
            .findFirst()
            .orElseThrow();
    String[] f = row.trim().split("\\s+");
    assertThat(f[1]).isEqualTo("1234");
    assertThat(f[2]).isEqualTo("0");
    assertThat(r.lines()).contains(" Summary of events:");
    some(
        r.lines(),
        "the workload's thread line",
        l -> l.matches(" wl \\(\\d+\\), \\d+ events, 100\\.0%"));
  }

  @Test
  void withSummaryPrintsLinesAndTable() throws Exception {
    TracedRun r = TracedRun.run(dir, "-S", "--errno-summary", "--", workload.toString(), "all");
    some(r.lines(), "an event line of the workload", l -> l.contains("): wl/"));
    String access =
        r.lines().stream()
            .filter(l -> l.startsWith("   " + BEAUTY.name(ACCESS) + " "))
            .findFirst()
            .orElseThrow();
    assertThat(Long.parseLong(access.trim().split("\\s+")[2])).isAtLeast(1);
    // the errno breakdown line follows its syscall
    int i = r.lines().indexOf(access);
    assertThat(r.lines().get(i + 1)).startsWith("\t\t\t\t");
  }

  @Test
  void durationKeepsOnlySlowCalls() throws Exception {
    TracedRun r =
        TracedRun.run(dir, "--json", "--duration", "10", "--", workload.toString(), "slow");
    List<Json> ev = r.json();
    assertThat(ev).isNotEmpty();
    for (Json e : ev) {
      assertThat(e.durationMs()).isAtLeast(10.0);
    }
    assertThat(ofNr(ev, NANOSLEEP)).isNotEmpty();
  }

  @Test
  void failureKeepsOnlyFailedCalls() throws Exception {
    TracedRun r = TracedRun.run(dir, "--json", "--failure", "--", workload.toString(), "all");
    List<Json> ev = r.json();
    assertThat(ev).isNotEmpty();
    for (Json e : ev) {
      assertWithMessage(e.line()).that(e.ret()).isLessThan(0L);
    }
    some(ofNr(ev, ACCESS), "access(...) = -ENOENT", e -> e.ret() == -ENOENT);
  }

  @Test
  void exprSelectsAndNegates() throws Exception {
    TracedRun only =
        TracedRun.run(dir, "--json", "-e", "110,230", "--", workload.toString(), "slow");
    assertThat(only.json().stream().map(Json::nr).distinct().sorted().toList())
        .containsExactly(GETPPID, NANOSLEEP)
        .inOrder();
    assertThat(ofNr(only.json(), GETPPID)).hasSize(6);

    TracedRun not = TracedRun.run(dir, "--json", "-e", "!110", "--", workload.toString(), "slow");
    assertThat(not.json()).isNotEmpty();
    assertThat(ofNr(not.json(), GETPPID)).isEmpty();
    assertThat(ofNr(not.json(), NANOSLEEP)).hasSize(1);
  }

  @Test
  void jsonStringsDecodeToWhatTheKernelReported() throws Exception {
    // A command name with a quote, a backslash, a tab, a newline and a control byte: each JSON line
    // must still
    // parse as one object, and the comm must decode to exactly the name the kernel has.
    String name = "w\"l\\\t\n\u0001";
    Path odd = Files.copy(workload, dir.resolve(name));
    TracedRun r = TracedRun.run(dir, "--json", "--no-inherit", "--", odd.toString(), "all");
    assertWithMessage(r.messages()).that(r.status()).isEqualTo(0);
    List<Json> ev = r.json();
    assertThat(ev).isNotEmpty();
    assertThat(ev.stream().filter(e -> !name.equals(e.comm())).toList()).isEmpty();
  }

  @Test
  void exitStatusIsTheWorkloads() throws Exception {
    TracedRun r = TracedRun.run(dir, "-s", "--", workload.toString(), "exit", "7");
    assertThat(r.status()).isEqualTo(7);
  }

  @Test
  void attachesToARunningProcess() throws Exception {
    // long enough for jtrace to start on a loaded machine (a second and more), else it is gone
    Process sleep = new ProcessBuilder("sleep", "2").start();
    try {
      Thread.sleep(100); // let it reach its nanosleep
      TracedRun r = TracedRun.run(dir, "--json", "-p", Long.toString(sleep.pid()));
      assertWithMessage(r.messages()).that(r.status()).isEqualTo(0);
      List<Json> ev = r.json();
      assertThat(ev).isNotEmpty();
      for (Json e : ev) {
        assertThat(e.pid()).isEqualTo((int) sleep.pid());
        // read from /proc at attach time: by the time its events print, the process may be gone
        assertThat(e.comm()).isEqualTo("sleep");
      }
      // the sleep it was in when we attached returns as a continued call; it ends with exit_group.
      assertThat(ev.getFirst().continued()).isTrue();
      assertThat(ev.getLast().nr()).isEqualTo(EXIT_GROUP);
    } finally {
      sleep.destroyForcibly();
    }
  }

  @Test
  void systemWideLeavesOutJtraceItself() throws Exception {
    int self = (int) ProcessHandle.current().pid();
    TracedRun r = TracedRun.run(dir, "--json", "-a", "--", workload.toString(), "slow");
    List<Json> ev = r.json();
    some(ev, "an event of the workload", e -> "wl".equals(e.comm()));
    for (Json e : ev) {
      assertWithMessage(e.line()).that(e.pid()).isNotEqualTo(self);
    }
  }

  @Test
  void tinyRingReportsLostRecordsAndTheirCount() throws Exception {
    int n = 200_000;
    TracedRun r =
        TracedRun.run(
            dir,
            "-s",
            "--capture=perf", // the in-kernel summary has no ring to overflow
            "-m",
            "1",
            "-e",
            "110",
            "--",
            workload.toString(),
            "busy",
            Integer.toString(n));
    long events = 0;
    long lost = 0;
    for (String l : r.lines()) {
      Matcher t = Pattern.compile(" wl \\(\\d+\\), (\\d+) events.*").matcher(l);
      if (t.matches()) {
        events += Long.parseLong(t.group(1));
      }
      Matcher m = Pattern.compile(" LOST (\\d+) events!").matcher(l);
      if (m.matches()) {
        lost += Long.parseLong(m.group(1));
      }
    }
    assertThat(lost).isGreaterThan(0);
    // Every record the kernel wrote was either delivered or counted lost: getppid's 2n samples plus
    // at most
    // the COMM and EXIT records of the workload.
    assertThat(events + lost).isAtLeast(2L * n);
    assertThat(events + lost).isAtMost(2L * n + 2);
  }

  @Test
  void lostRecordsAreShownInline() throws Exception {
    TracedRun r =
        TracedRun.run(dir, "-m", "1", "-e", "110", "--", workload.toString(), "busy", "100000");
    // perf tracepoints lose records (events), the paired capture whole calls
    some(r.lines(), "a LOST line", l -> l.matches("LOST \\d+ (events|calls)!"));
  }

  /**
   * A thread that is not the leader execs: the kernel gives it the leader's id, and the paired
   * capture's call in flight and traced state go with it. Before, the exec's line never ended and
   * the new program went untraced.
   */
  @ParameterizedTest
  @ValueSource(strings = {"--capture=bpf", "--capture=bpf-tp"})
  void anExecFromAThreadGoesOnTracingTheNewProgram(String capture) throws Exception {
    TracedRun r =
        TracedRun.run(
            dir,
            capture,
            "-e",
            "execve,exit_group",
            "--",
            "python3",
            "-c",
            "import os, threading\n"
                + "t = threading.Thread(target=lambda: os.execv('/bin/true', ['true', 'thread']))\n"
                + "t.start(); t.join()");
    assertWithMessage(r.messages()).that(r.status()).isEqualTo(0);
    String all = String.join("\n", r.lines());
    assertWithMessage(all)
        .that(
            r.lines().stream()
                .filter(
                    l -> l.contains("execve(filename: \"/bin/true\", argv: [\"true\", \"thread\"]"))
                .filter(l -> l.endsWith("= 0")))
        .hasSize(1);
    assertWithMessage(all)
        .that(r.lines().stream().filter(l -> l.contains(" true/") && l.contains("exit_group(")))
        .hasSize(1);
  }

  @Test
  void noInheritLeavesChildrenOut() throws Exception {
    TracedRun r = TracedRun.run(dir, "--json", "--no-inherit", "--", workload.toString(), "all");
    List<Json> ev = r.json();
    int pid = ev.getFirst().pid();
    assertThat(ev.stream().filter(e -> e.pid() != pid).toList()).isEmpty();
    assertThat(ofNr(ev, CLONE)).isNotEmpty();
  }

  @Test
  void maxEventsStops() throws Exception {
    TracedRun r =
        TracedRun.run(dir, "--json", "--max-events", "5", "--", workload.toString(), "busy", "100");
    assertThat(r.json()).hasSize(5);
  }

  @Test
  void noCommAndAbsoluteTime() throws Exception {
    TracedRun r =
        TracedRun.run(
            dir,
            "--no-signals",
            "--no-comm",
            "-T",
            "-e",
            "110",
            "--",
            workload.toString(),
            "busy",
            "3");
    assertThat(r.lines()).hasSize(3);
    long now = System.nanoTime() / 1_000_000;
    for (String l : r.lines()) {
      assertThat(l).matches(" *\\d+\\.\\d{3} \\( *\\d+\\.\\d{3} ms\\): \\d+ .*");
      // -T: CLOCK_MONOTONIC milliseconds, close to now
      double ts = Double.parseDouble(l.trim().split(" ")[0]);
      assertThat(ts).isAtMost((double) now);
      assertThat(ts).isAtLeast(now - 60_000.0);
    }
  }

  @Test
  void delayStartsLater() throws Exception {
    // The workload's first getppid calls happen at once, the last three after 20 ms: with -D 10
    // only the
    // late ones are traced.
    TracedRun r =
        TracedRun.run(dir, "--json", "-D", "10", "-e", "110", "--", workload.toString(), "slow");
    assertThat(ofNr(r.json(), GETPPID).size()).isAtMost(3);
    assertThat(ofNr(r.json(), GETPPID).size()).isAtLeast(1);
  }

  @Test
  void attachesToAThread() throws Exception {
    // long enough for jtrace to start on a loaded machine, as attachesToARunningProcess
    Process sleep = new ProcessBuilder("sleep", "2").start();
    try {
      Thread.sleep(100);
      TracedRun r = TracedRun.run(dir, "--json", "-t", Long.toString(sleep.pid()), "--no-inherit");
      assertWithMessage(r.messages()).that(r.json()).isNotEmpty();
      assertThat(r.json().stream().filter(e -> e.tid() != sleep.pid()).toList()).isEmpty();
    } finally {
      sleep.destroyForcibly();
    }
  }

  @Test
  void filterPidsDropsAProcessInTheKernel() throws Exception {
    Process yes = new ProcessBuilder("yes").redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    try {
      Thread.sleep(50);
      TracedRun r =
          TracedRun.run(
              dir,
              "--json",
              "-a",
              "--filter-pids",
              Long.toString(yes.pid()),
              "--",
              workload.toString(),
              "slow");
      assertThat(ofNr(r.json(), GETPPID)).isNotEmpty();
      assertThat(r.json().stream().filter(e -> e.pid() == yes.pid()).toList()).isEmpty();
    } finally {
      yes.destroyForcibly();
    }
  }

  @Test
  void cpuListLimitsTheCpus() throws Exception {
    // Pinned to CPU 0, or the scheduler may run the whole workload on another CPU and leave nothing
    // to see.
    TracedRun r =
        TracedRun.run(
            dir,
            "--json",
            "-C",
            "0",
            "--",
            "taskset",
            "-c",
            "0",
            workload.toString(),
            "busy",
            "2000");
    assertThat(r.json()).isNotEmpty();
    assertThat(r.json().stream().filter(e -> e.cpu() != 0).toList()).isEmpty();
  }

  @Test
  void unknownUserOrProcessIsAUsageError() throws Exception {
    TracedRun u = TracedRun.run(dir, "-u", "54321");
    assertThat(u.status()).isEqualTo(2);
    assertThat(u.messages()).isEqualTo("jtrace: -u: user 54321 has no processes\n");
    TracedRun p = TracedRun.run(dir, "-p", "999999999");
    assertThat(p.status()).isEqualTo(2);
    assertThat(p.messages()).contains("no such process");
  }

  @Test
  void badOptionIsOneLineAndStatus2() throws Exception {
    TracedRun r = TracedRun.run(dir, "--bogus");
    assertThat(r.status()).isEqualTo(2);
    assertThat(r.messages().lines().toList()).hasSize(1);
    assertThat(r.messages()).startsWith("jtrace: unknown option --bogus");
  }
}
