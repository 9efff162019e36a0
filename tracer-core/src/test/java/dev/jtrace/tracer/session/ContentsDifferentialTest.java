package dev.jtrace.tracer.session;

import static com.google.common.truth.Truth.assertWithMessage;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jtrace.beauty.Arch;
import dev.jtrace.beauty.SyscallBeautifier;
import dev.jtrace.beauty.SyscallSignature;
import dev.jtrace.beauty.table.Table;
import dev.jtrace.beauty.table.Tables;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * jtrace against strace on the contents workload: the main process's calls in order, their names
 * and return values, fd arguments, openat's flags, every string argument, and every decoded
 * argument's copy (stat, statx, sockaddrs, pollfds, pipe and socketpair fds, iovecs, timespec,
 * sigaction, signal masks, rlimits, utsname, termios, wait status), and the exec'ed child's argv
 * and envp count. Values must be equal; the spelling may differ (strace -X raw prints numbers,
 * jtrace's JSON has each argument's raw register value, its text and its copy as nested JSON).
 */
class ContentsDifferentialTest {
  @TempDir Path dir;

  /**
   * Calls whose return differs between two runs by nature: process ids (fork's clone, wait4) and
   * the facts' write to stdout, whose length follows those pids and the kernel's choice of port.
   */
  private static final Set<String> RUN_DEPENDENT = Set.of("clone", "wait4", "getpid");

  private static final SyscallBeautifier X86_64 = SyscallBeautifier.forArch(Arch.X86_64);

  /** strace's count of getdents64's entries: {@code 0x55… /* 5 entries *}{@code /}. */
  private static final Pattern DIRENT_COUNT = Pattern.compile("/\\* (\\d+) entr(?:y|ies) \\*/");

  /** Copies that differ between two runs by nature: the clock, the machine's counters. */
  private static final Set<String> RUN_DEPENDENT_CONTENTS = Set.of("clock_gettime", "sysinfo");

  /**
   * Members that differ between two runs: code addresses (ASLR), the kernel's choice of port, a
   * filesystem's free blocks and inodes, the fd recvmsg's SCM_RIGHTS gets (strace's child has one
   * more open). sendmsg's is checked by ContentsWorkload#copiesShown.
   */
  private static final Set<String> RUN_DEPENDENT_MEMBERS =
      Set.of(
          "sa_handler",
          "sa_restorer",
          "ss_sp",
          "sin_port",
          "si_pid",
          "cmsg_data",
          "f_bfree",
          "f_bavail",
          "f_ffree");

  /** The table that names a flag member's bits, by member. */
  private static final Map<String, String> FLAG_TABLES =
      Map.of(
          "events", "poll_events",
          "revents", "poll_events",
          "sa_flags", "sigaction_flags",
          "ss_flags", "sigaltstack_flags",
          "stx_mask", "statx_mask");

  /** The calls whose copies must have been compared (each has at least one value both print). */
  private static final Set<String> DECODED =
      Set.of(
          "fstat",
          "sendmsg",
          "recvmsg",
          "sendmmsg",
          "recvmmsg",
          "rt_sigqueueinfo",
          "rt_sigtimedwait",
          "statx",
          "pipe2",
          "writev",
          "poll",
          "readv",
          "socketpair",
          "bind",
          "connect",
          "getsockname",
          "recvfrom",
          "nanosleep",
          "rt_sigaction",
          "rt_sigprocmask",
          "getrlimit",
          "prlimit64",
          "uname",
          "wait4",
          "getdents64",
          "sigaltstack",
          "statfs",
          "sched_getaffinity",
          "ioctl");

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
    Map<String, Integer> compared = new TreeMap<>();

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
      compared.merge(s.name(), compareContents(s, j, where), Integer::sum);
    }
    for (String name : DECODED) {
      assertWithMessage("values compared of %s's copies: %s", name, compared)
          .that(compared.getOrDefault(name, 0))
          .isGreaterThan(0);
    }
    compareExecedChild(strace.calls(), jtrace);
  }

  /**
   * The text output shows the same copies in strace's spelling, in place of the pointers; poll's
   * revents after its return; the pipe's fds named by the fd table; the JSON has them nested.
   */
  @Test
  void textAndJsonShowTheCopiesOfALiveTrace() throws Exception {
    TracedRun text = TracedRun.run(dir, "--", ContentsWorkload.binary().toString(), dir.toString());
    assertWithMessage(text.messages()).that(text.status()).isEqualTo(0);
    String all = String.join("\n", text.lines());
    List<String> expectedText = new ArrayList<>(ContentsWorkload.copiesShown(dir));
    expectedText.add(
        "execve(filename: \"/bin/true\", argv: [\"true\", \"first argument\", \"second\"],"
            + " envp: ");
    for (String expected : expectedText) {
      assertWithMessage(all).that(all).contains(expected);
    }

    TracedRun json =
        TracedRun.run(dir, "--json", "--", ContentsWorkload.binary().toString(), dir.toString());
    List<JsonNode> events = ownEvents(json);
    JsonNode stat = arg(first(events, "fstat"), "statbuf").get("content");
    assertWithMessage(stat.toString()).that(stat.isObject()).isTrue();
    assertWithMessage(stat.toString()).that(stat.get("st_size").isIntegralNumber()).isTrue();
    assertWithMessage(stat.toString()).that(stat.get("st_size").longValue()).isEqualTo(15);
    JsonNode poll = arg(first(events, "poll"), "ufds");
    assertWithMessage(poll.toString())
        .that(poll.get("content_at_exit").get(0).get("revents").toString())
        .isEqualTo("[\"POLLIN\"]");
    JsonNode info = arg(first(events, "rt_sigtimedwait"), "uinfo").get("content");
    assertWithMessage(info.toString()).that(info.get("si_signo").intValue()).isEqualTo(12);
    assertWithMessage(info.toString()).that(info.get("si_code").intValue()).isEqualTo(-1);
    assertWithMessage(info.toString()).that(info.get("si_int").intValue()).isEqualTo(42);
    JsonNode vec = arg(first(events, "writev"), "vec").get("content");
    assertWithMessage(vec.toString()).that(vec.get(1).get("iov_base").textValue()).isEqualTo("cde");
    // a msghdr with what it points at: the iovec's bytes, the fd a control message carries
    JsonNode sent = arg(first(events, "sendmsg"), "msg").get("content");
    assertWithMessage(sent.toString())
        .that(sent.get("msg_iov").get(0).get("iov_base").textValue())
        .isEqualTo("msg!");
    JsonNode message = sent.get("msg_control").get(0);
    assertWithMessage(sent.toString()).that(message.get("cmsg_len").intValue()).isEqualTo(20);
    assertWithMessage(sent.toString())
        .that(message.get("cmsg_data").get(0).intValue())
        .isEqualTo(3);
    JsonNode got = arg(first(events, "recvmsg"), "msg").get("content");
    assertWithMessage(got.toString())
        .that(got.get("msg_control").get(0).get("cmsg_data").get(0).intValue())
        .isGreaterThan(6); // a new fd for the pipe's read end, above every one open
  }

  private static JsonNode first(List<JsonNode> events, String name) {
    return events.stream()
        .filter(e -> e.get("syscall").textValue().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + name + " in " + events));
  }

  /**
   * The exec'ed child's execve: argv string by string, envp as its count (strace: {@code /* 1 var
   * *\/}).
   */
  private static void compareExecedChild(List<StraceCall> calls, TracedRun jtrace) {
    StraceCall s =
        calls.stream()
            .filter(c -> c.name().equals("execve") && "/bin/true".equals(c.string(0)))
            .findFirst()
            .orElseThrow(() -> new AssertionError("strace saw no execve of /bin/true"));
    JsonNode j = null;
    for (String line : jtrace.lines()) {
      JsonNode e = TracedRun.Json.object(line);
      if (e.has("syscall")
          && e.get("syscall").textValue().equals("execve")
          && e.get("args").isArray()
          && e.get("args").toString().contains("/bin/true")) {
        j = e;
      }
    }
    assertWithMessage(String.join("\n", jtrace.lines())).that(j).isNotNull();
    String where = "strace: " + s + "\njtrace: " + j;
    List<String> argv = new ArrayList<>();
    for (String a : StraceValues.array(s.arg(1))) {
      argv.add(StraceRun.unquote(a));
    }
    List<String> actual = new ArrayList<>();
    arg(j, "argv").get("content").forEach(a -> actual.add(a.textValue()));
    assertWithMessage(where).that(actual).isEqualTo(argv);
    Matcher vars = Pattern.compile("/\\* (\\d+) vars? \\*/").matcher(s.arg(2));
    assertWithMessage(where).that(vars.find()).isTrue();
    assertWithMessage(where)
        .that(arg(j, "envp").get("content").textValue())
        .isEqualTo(vars.group(1) + " vars");
  }

  private static JsonNode arg(JsonNode event, String name) {
    for (JsonNode a : event.get("args")) {
      if (a.get("name").textValue().equals(name)) {
        return a;
      }
    }
    throw new AssertionError("no argument " + name + " in " + event);
  }

  /**
   * Each decoded argument's copy (jtrace's {@code content}, and poll's {@code content_at_exit}
   * against what strace prints after the return) against strace's text of it; returns how many
   * values were compared.
   */
  private static int compareContents(StraceCall s, JsonNode j, String where) {
    if (RUN_DEPENDENT_CONTENTS.contains(s.name()) || !j.get("args").isArray()) {
      return 0;
    }
    SyscallSignature sig = X86_64.signature(X86_64.number(s.name()));
    int compared = 0;
    for (JsonNode a : j.get("args")) {
      if (!a.has("content")) {
        continue;
      }
      String name = a.get("name").textValue();
      String text = s.arg(sig.indexOf(name));
      String here = where + "\n" + name;
      assertWithMessage(here).that(a.get("content").isContainerNode()).isTrue();
      Matcher entries = text == null ? null : DIRENT_COUNT.matcher(text);
      if (entries != null && entries.find()) {
        // getdents64: strace shows the count; jtrace's JSON has the entries
        assertWithMessage(here + ": " + a + " against " + text)
            .that(a.get("content").size())
            .isEqualTo(Integer.parseInt(entries.group(1)));
        compared++;
        continue;
      }
      if (text != null && text.startsWith("[{W")) {
        // a wait status: strace's own spelling, which jtrace's text follows
        assertWithMessage(here).that(a.get("text").textValue()).isEqualTo(text);
        compared++;
        continue;
      }
      compared += compareValue(a.get("content"), text, name, here);
      if (a.has("content_at_exit")) {
        String after = s.retDetail().strip();
        assertWithMessage(here).that(after).startsWith("(");
        compared +=
            compareValue(
                a.get("content_at_exit"), after.substring(1, after.length() - 1), name, here);
      }
    }
    return compared;
  }

  /**
   * One JSON value of jtrace's against strace's text of it, member by member and element by
   * element; flag and signal names against strace's raw numbers by the arch's tables. Returns how
   * many leaves were compared (what strace leaves out, or prints as an expression, is skipped).
   */
  private static int compareValue(JsonNode v, String text, String member, String where) {
    if (text == null || RUN_DEPENDENT_MEMBERS.contains(member)) {
      return 0;
    }
    String here = where + "\n" + member + ": " + v + " against " + text;
    if (v.isObject()) {
      Map<String, String> members = StraceValues.struct(text);
      int n = 0;
      for (Map.Entry<String, JsonNode> f : v.properties()) {
        n += compareValue(f.getValue(), members.get(f.getKey()), f.getKey(), where);
      }
      return n;
    }
    if (v.isArray() && member.matches("c_[iocl]flag")) {
      // strace -X raw prints the fields' values and the bits joined by '|': 0|0|0|0|0|0|0x5
      long raw = 0;
      for (String part : text.split("\\|")) {
        Long n = StraceValues.number(part);
        assertWithMessage(here).that(n).isNotNull();
        raw |= n;
      }
      assertWithMessage(here).that(raw).isEqualTo(termiosWord(v));
      return 1;
    }
    if (v.isArray() && !v.isEmpty() && v.get(0).isTextual() && FLAG_TABLES.containsKey(member)) {
      Table t = Tables.get(FLAG_TABLES.get(member), Arch.X86_64);
      long bits = 0;
      for (JsonNode name : v) {
        bits |= t.value(name.textValue()).orElseThrow();
      }
      Long raw = StraceValues.number(text);
      assertWithMessage(here).that(raw).isEqualTo(bits);
      return 1;
    }
    List<String> elements = StraceValues.array(text);
    if (elements != null && elements.size() == 1 && elements.get(0).matches("\\d+( \\d+)+")) {
      elements = List.of(elements.get(0).split(" ")); // a CPU list: [0 1]
    }
    if (v.isArray() && elements != null) {
      if (!v.isEmpty() && v.get(0).isTextual() && v.get(0).textValue().startsWith("SIG")) {
        // a signal mask: strace -X raw prints the numbers
        List<Long> signals = new ArrayList<>();
        Table t = Tables.get("signals", Arch.X86_64);
        v.forEach(sig -> signals.add(t.value(sig.textValue().substring(3)).orElseThrow()));
        assertWithMessage(here)
            .that(signals)
            .isEqualTo(elements.stream().map(StraceValues::number).toList());
        return 1;
      }
      assertWithMessage(here).that(v.size()).isEqualTo(elements.size());
      int n = 0;
      for (int i = 0; i < v.size(); i++) {
        n += compareValue(v.get(i), elements.get(i), member, where);
      }
      return n;
    }
    if (v.isNumber()) {
      Long raw = StraceValues.number(text);
      if (raw == null) {
        return 0;
      }
      if (member.equals("si_code")) {
        // an int that strace -X raw prints as its unsigned bits (SI_QUEUE: 0xffffffff)
        assertWithMessage(here).that(v.intValue()).isEqualTo(raw.intValue());
        return 1;
      }
      assertWithMessage(here).that(v.longValue()).isEqualTo(raw);
      return 1;
    }
    if (v.isTextual()) {
      String bytes = StraceRun.unquote(text);
      if (bytes == null) {
        return 0;
      }
      if (member.equals("sin_addr")) {
        bytes = bytes.chars().mapToObj(Integer::toString).collect(Collectors.joining("."));
      }
      assertWithMessage(here).that(v.textValue()).isEqualTo(bytes);
      return 1;
    }
    return 0;
  }

  /**
   * A termios word's value from jtrace's names: bits and multi-bit fields' values from the termios
   * tables, an input speed {@code B9600<<IBSHIFT} shifted into CIBAUD.
   */
  private static long termiosWord(JsonNode names) {
    List<Table> tables =
        Tables.names().stream()
            .filter(n -> n.startsWith("termios_") && !n.equals("termios_masks"))
            .map(n -> Tables.get(n, Arch.X86_64))
            .toList();
    long cibaud = Tables.get("termios_masks", Arch.X86_64).value("CIBAUD").orElseThrow();
    long word = 0;
    for (JsonNode n : names) {
      String name = n.textValue();
      boolean input = name.endsWith("<<IBSHIFT");
      String plain = input ? name.substring(0, name.indexOf('<')) : name;
      long value =
          plain.startsWith("0x")
              ? Long.parseLong(plain.substring(2), 16)
              : tables.stream()
                  .map(t -> t.value(plain))
                  .filter(java.util.OptionalLong::isPresent)
                  .findFirst()
                  .orElseThrow(() -> new AssertionError("no termios name " + name))
                  .getAsLong();
      word |= input ? value << Long.numberOfTrailingZeros(cibaud) : value;
    }
    return word;
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
