package dev.jtrace.tracer.session;

import static com.google.common.truth.Truth.assertWithMessage;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jtrace.beauty.Arch;
import dev.jtrace.beauty.SyscallBeautifier;
import dev.jtrace.beauty.SyscallSignature;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * jtrace against strace on the contents workload, for what jtrace prints today: the main process's
 * calls in order, their names and return values, fd arguments, openat's flags and every string
 * argument. Values must be equal; the spelling may differ (strace -X raw prints numbers, jtrace's
 * JSON has each argument's raw register value and its text).
 */
class ContentsDifferentialTest {
  @TempDir Path dir;

  /**
   * Calls whose return differs between two runs by nature: process ids (fork's clone, wait4) and
   * the facts' write to stdout, whose length follows those pids and the kernel's choice of port.
   */
  private static final Set<String> RUN_DEPENDENT = Set.of("clone", "wait4");

  private static final SyscallBeautifier X86_64 = SyscallBeautifier.forArch(Arch.X86_64);

  @BeforeAll
  static void tracingWorks() {
    TracedRun.assumeTracingWorks();
    assumeTrue(Arch.host() == Arch.X86_64, "the comparison reads x86_64 signatures");
  }

  /** jtrace's events of the main process from the first openat of known.txt on. */
  private List<JsonNode> ownEvents(TracedRun run) {
    String known = "\"" + dir.resolve("known.txt") + "\"";
    List<JsonNode> events = new ArrayList<>();
    int pid = -1;
    for (String line : run.lines()) {
      JsonNode e = TracedRun.Json.object(line);
      if (!e.has("ts")) {
        continue;
      }
      if (pid < 0
          && e.get("syscall").textValue().equals("openat")
          && e.get("args").toString().contains(known.replace("\"", "\\\""))) {
        pid = e.get("pid").intValue();
      }
      if (pid >= 0 && e.get("pid").intValue() == pid && e.get("tid").intValue() == pid) {
        events.add(e);
      }
    }
    assertWithMessage(String.join("\n", run.lines())).that(pid).isAtLeast(0);
    return events;
  }

  @Test
  void namesReturnsFdsFlagsAndStringsEqualStraces() throws Exception {
    StraceRun.Result strace = StraceRun.run(List.of(), ContentsWorkload.command(dir));
    assertWithMessage(strace.stdout()).that(strace.status()).isEqualTo(0);
    List<StraceCall> expected = StraceRunTest.ownCalls(strace.calls(), dir);
    TracedRun jtrace =
        // strace runs with -s 4096: buffers compare whole only with as long a limit
        TracedRun.run(
            dir,
            "--json",
            "--no-signals", // the calls alone are compared
            "--string-limit",
            "4096",
            "--",
            ContentsWorkload.binary().toString(),
            dir.toString());
    assertWithMessage(jtrace.messages()).that(jtrace.status()).isEqualTo(0);
    List<JsonNode> actual = ownEvents(jtrace);

    List<String> expectedNames = expected.stream().map(StraceCall::name).toList();
    List<String> actualNames = actual.stream().map(e -> e.get("syscall").textValue()).toList();
    assertWithMessage("strace: %s\njtrace: %s", expectedNames, actualNames)
        .that(actualNames)
        .isEqualTo(expectedNames);

    for (int i = 0; i < expected.size(); i++) {
      StraceCall s = expected.get(i);
      JsonNode j = actual.get(i);
      String where = "strace: " + s + "\njtrace: " + j;
      JsonNode ret = j.get("ret");
      if (s.ret() == null) {
        // exit_group: neither returns.
        assertWithMessage(where).that(ret.isNull()).isTrue();
      } else if (s.failed()) {
        // strace prints libc's view (-1 and errno), jtrace the kernel's return (-errno) and its
        // name.
        assertWithMessage(where).that(j.get("errno").textValue()).isEqualTo(s.errno());
        assertWithMessage(where).that(ret.longValue()).isLessThan(0L);
      } else if (RUN_DEPENDENT.contains(s.name())) {
        assertWithMessage(where).that(ret.longValue()).isGreaterThan(0L);
      } else if (s.name().equals("write") && s.number(0) == 1) {
        // The facts: their length depends on the run's pids and port; each run wrote all of its.
        assertWithMessage(where).that(ret.longValue()).isEqualTo(rawArg(j, "count"));
      } else {
        assertWithMessage(where).that(ret.longValue()).isEqualTo(s.ret());
      }
      compareArguments(s, j, where);
    }
  }

  /**
   * The arguments jtrace shows (it hides zero and irrelevant ones, as perf does) against strace's
   * at the same position of the signature: fds and flags by value, strings by their bytes.
   */
  private static void compareArguments(StraceCall s, JsonNode j, String where) {
    SyscallSignature sig = X86_64.signature(X86_64.number(s.name()));
    for (JsonNode a : j.get("args")) {
      String name = a.get("name").textValue();
      int index = sig.indexOf(name);
      String text = a.get("text").textValue();
      if (s.name().equals("write") && name.equals("buf") && s.number(0) == 1) {
        // the workload's facts on stdout (inode, port, pids) differ from one run to the next
        continue;
      }
      if (text.startsWith("\"")) {
        assertWithMessage(where + "\n" + name)
            .that(StraceRun.unquote(text))
            .isEqualTo(s.string(index));
      } else if (name.equals("fd") || (s.name().equals("openat") && name.equals("flags"))) {
        // An int argument: the register's upper half is not part of it (glibc sets only the
        // lower one), so jtrace's raw register is compared as the int strace prints.
        assertWithMessage(where + "\n" + name)
            .that((int) a.get("raw").longValue())
            .isEqualTo((int) s.number(index));
      } else if (name.equals("dfd")) {
        assertWithMessage(where + "\n" + name)
            .that((int) a.get("raw").longValue())
            .isEqualTo((int) s.number(index)); // AT_FDCWD: jtrace says CWD, strace -100
      }
    }
  }

  private static long rawArg(JsonNode event, String name) {
    for (JsonNode a : event.get("args")) {
      if (a.get("name").textValue().equals(name)) {
        return a.get("raw").longValue();
      }
    }
    throw new AssertionError("no argument " + name + " in " + event);
  }
}
