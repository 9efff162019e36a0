package dev.jtrace.tracer.session;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The strace parser, on lines of strace's shapes and on the real strace's output of the contents
 * workload, field by field.
 */
class StraceRunTest {
  @TempDir Path dir;

  @Test
  void joinsUnfinishedCallsAndSkipsSignalsAndExits() {
    List<StraceCall> calls =
        StraceRun.parse(
            String.join(
                "\n",
                "10 wait4(11,  <unfinished ...>",
                "11 exit_group(3)                     = ?",
                "10 <... wait4 resumed>[{WIFEXITED(s) && WEXITSTATUS(s) == 3}], 0, NULL) = 11",
                "10 --- SIGCHLD {si_signo=17, si_code=0x1, si_pid=11} ---",
                "11 +++ exited with 3 +++",
                "10 brk(NULL)                         = 0x556c59cff000",
                "10 access(\"/etc/ld.so.preload\", 0x4) = -1 ENOENT (No such file or directory)",
                "10 poll([{fd=3, events=0x1}], 1, 1000) = 1 ([{fd=3, revents=0x1}])",
                "10 statx(-100, \"/a, b\", , 0x7ff, {stx_mask=0x17ff, ...}) = 0",
                "10 execve(\"/bin/true\", [\"true\", \"x\"], 0x7ffd6a2f0e00 /* 1 var */) = 0"));
    assertThat(calls).hasSize(7);
    StraceCall wait4 = calls.get(0);
    assertThat(wait4.name()).isEqualTo("wait4");
    assertThat(wait4.args())
        .containsExactly("11", "[{WIFEXITED(s) && WEXITSTATUS(s) == 3}]", "0", "NULL")
        .inOrder();
    assertThat(wait4.ret()).isEqualTo(11);
    assertThat(calls.get(1).ret()).isNull();
    assertThat(calls.get(2).ret()).isEqualTo(0x556c59cff000L);
    StraceCall access = calls.get(3);
    assertThat(access.ret()).isEqualTo(-1);
    assertThat(access.errno()).isEqualTo("ENOENT");
    assertThat(access.retDetail()).isEqualTo("(No such file or directory)");
    assertThat(calls.get(4).retDetail()).isEqualTo("([{fd=3, revents=0x1}])");
    StraceCall statx = calls.get(5);
    assertThat(statx.args()).hasSize(5);
    assertThat(statx.string(1)).isEqualTo("/a, b");
    assertThat(statx.arg(2)).isEmpty(); // strace -X raw prints a 0 flag word as nothing
    assertThat(statx.number(0)).isEqualTo(-100);
    assertThat(calls.get(6).arg(2)).isEqualTo("0x7ffd6a2f0e00 /* 1 var */");
  }

  @Test
  void numbersAndStringsAsStracePrintsThem() {
    assertThat(StraceRun.number("0640")).isEqualTo(0640);
    assertThat(StraceRun.number("0x80000")).isEqualTo(0x80000);
    assertThat(StraceRun.number("0")).isEqualTo(0);
    assertThat(StraceRun.number("-100")).isEqualTo(-100);
    assertThat(StraceRun.unquote("\"a\\nb\\\"c\\\\\\x7f\\0\\177\"..."))
        .isEqualTo("a\nb\"c\\\u007f\0\u007f");
    assertThat(StraceRun.unquote("NULL")).isNull();
  }

  @Test
  void badLinesAreNamed() {
    assertThat(assertThrows(IllegalArgumentException.class, () -> StraceRun.parse("x y")))
        .hasMessageThat()
        .isEqualTo("not an strace -f -o line: x y");
    assertThat(assertThrows(IllegalArgumentException.class, () -> StraceRun.parse("1 close(3")))
        .hasMessageThat()
        .isEqualTo("unbalanced call in: 1 close(3");
    assertThat(
            assertThrows(
                IllegalArgumentException.class, () -> StraceRun.parse("1 <... read resumed>) = 0")))
        .hasMessageThat()
        .startsWith("resumed without its start");
  }

  /** The main process's calls, from the workload's first own call on. */
  static List<StraceCall> ownCalls(List<StraceCall> calls, Path dir) {
    String known = dir.resolve("known.txt").toString();
    for (int i = 0; i < calls.size(); i++) {
      StraceCall c = calls.get(i);
      if (c.name().equals("openat") && known.equals(c.string(1))) {
        int pid = c.pid();
        return calls.subList(i, calls.size()).stream().filter(x -> x.pid() == pid).toList();
      }
    }
    throw new AssertionError("no openat of " + known + " in " + calls);
  }

  private static StraceCall first(List<StraceCall> calls, String name) {
    return calls.stream()
        .filter(c -> c.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + name + " in " + calls));
  }

  @Test
  void theWorkloadsCallsAsStraceSawThem() throws Exception {
    StraceRun.Result run = StraceRun.run(List.of(), ContentsWorkload.command(dir));
    assertWithMessage(run.stdout()).that(run.status()).isEqualTo(0);
    Map<String, List<String>> facts = ContentsWorkload.facts(run.stdout());
    List<StraceCall> own = ownCalls(run.calls(), dir);
    String all = own.toString();

    StraceCall create = own.get(0);
    assertWithMessage(all).that(create.number(2)).isEqualTo(0x241); // O_WRONLY|O_CREAT|O_TRUNC
    assertWithMessage(all).that(create.number(3)).isEqualTo(0640);
    assertWithMessage(all).that(create.ret()).isEqualTo(3);
    StraceCall write = own.get(1);
    assertWithMessage(all).that(write.name()).isEqualTo("write");
    assertWithMessage(all).that(write.string(1)).isEqualTo("hello contents\n");
    assertWithMessage(all).that(write.ret()).isEqualTo(15);
    assertWithMessage(all).that(first(own, "read").string(1)).isEqualTo("hello contents\n");
    assertWithMessage(all).that(first(own, "fstat").arg(1)).contains("st_size=15");
    assertWithMessage(all).that(first(own, "statx").arg(4)).contains("stx_size=15");
    List<String> pipe = facts.get("pipe");
    assertWithMessage(all)
        .that(first(own, "pipe2").arg(0))
        .isEqualTo("[" + pipe.get(0) + ", " + pipe.get(1) + "]");
    assertWithMessage(all).that(first(own, "poll").retDetail()).contains("revents=0x1");
    assertWithMessage(all)
        .that(first(own, "writev").arg(1))
        .isEqualTo("[{iov_base=\"ab\", iov_len=2}, {iov_base=\"cde\", iov_len=3}]");
    List<String> pair = facts.get("socketpair");
    assertWithMessage(all)
        .that(first(own, "socketpair").arg(3))
        .isEqualTo("[" + pair.get(0) + ", " + pair.get(1) + "]");
    assertWithMessage(all)
        .that(first(own, "connect").arg(1))
        .isEqualTo("{sa_family=0x1, sun_path=\"" + dir.resolve("sock") + "\"}");
    int port = Integer.parseInt(facts.get("udp_port").get(0));
    String portBytes = String.format("\"\\x%02x\\x%02x\"", port >> 8, port & 0xff);
    assertWithMessage(all)
        .that(first(own, "getsockname").arg(1))
        .isEqualTo(
            "{sa_family=0x2, sin_port=" + portBytes + ", sin_addr=\"\\x7f\\x00\\x00\\x01\"}");
    assertWithMessage(all)
        .that(first(own, "nanosleep").arg(0))
        .isEqualTo("{tv_sec=0, tv_nsec=1000000}");
    assertWithMessage(all).that(first(own, "clock_gettime").number(0)).isEqualTo(1); // MONOTONIC
    StraceCall sigaction = first(own, "rt_sigaction");
    assertWithMessage(all).that(sigaction.number(0)).isEqualTo(10); // SIGUSR1
    assertWithMessage(all).that(sigaction.arg(1)).contains("sa_mask=[12]"); // SIGUSR2
    assertWithMessage(all)
        .that(sigaction.arg(1))
        .contains("sa_flags=0x14000000"); // RESTART|RESTORER
    assertWithMessage(all).that(first(own, "rt_sigprocmask").arg(1)).isEqualTo("[12]");
    List<String> nofile = facts.get("nofile");
    String limit = "{rlim_cur=" + nofile.get(0) + ", rlim_max=" + nofile.get(1) + "}";
    assertWithMessage(all).that(first(own, "getrlimit").arg(1)).isEqualTo(limit);
    assertWithMessage(all).that(first(own, "prlimit64").arg(3)).isEqualTo(limit);
    assertWithMessage(all).that(first(own, "uname").arg(0)).startsWith("{sysname=\"Linux\"");
    assertWithMessage(all).that(first(own, "getcwd").string(0)).isEqualTo(facts.get("cwd").get(0));
    assertWithMessage(all).that(first(own, "readlink").string(1)).isEqualTo("known.txt");
    List<StraceCall> waits = own.stream().filter(c -> c.name().equals("wait4")).toList();
    assertWithMessage(all).that(waits).hasSize(2);
    assertWithMessage(all)
        .that(waits.get(0).arg(1))
        .isEqualTo("[{WIFEXITED(s) && WEXITSTATUS(s) == 3}]");
    assertWithMessage(all)
        .that(waits.get(0).ret())
        .isEqualTo(Long.parseLong(facts.get("exit3_child").get(0)));
    int execChild = Integer.parseInt(facts.get("exec_child").get(0));
    StraceCall execve =
        run.calls().stream()
            .filter(c -> c.pid() == execChild && c.name().equals("execve"))
            .findFirst()
            .orElseThrow();
    assertWithMessage(all)
        .that(execve.arg(1))
        .isEqualTo("[\"true\", \"first argument\", \"second\"]");
    assertWithMessage(all).that(execve.arg(2)).endsWith("/* 1 var */");
    StraceCall tcgets = first(own, "ioctl");
    assertWithMessage(all)
        .that(tcgets.number(0))
        .isEqualTo(Long.parseLong(facts.get("pty").get(0)));
    assertWithMessage(all).that(tcgets.number(1)).isEqualTo(0x5401); // TCGETS
    assertWithMessage(all).that(tcgets.arg(2)).startsWith("{c_iflag=");
    assertWithMessage(all).that(first(own, "sched_getparam").arg(1)).isEqualTo("[0]");
    assertWithMessage(all).that(first(own, "sysinfo").arg(0)).startsWith("{uptime=");
    assertWithMessage(all).that(first(own, "getrandom").ret()).isEqualTo(16);
    assertWithMessage(all).that(own.get(own.size() - 1).name()).isEqualTo("exit_group");
  }
}
