package dev.jtrace.tracer.session;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
 * Traces small Python programs on the real kernel and checks how jtrace renders their calls: errno
 * texts, socket options, fd flags, prctl, kcmp, mmap types and escaped names, where strace can say,
 * against strace's rendering of the same calls.
 */
class BeautyLiveTest {
  private static final Path PYTHON = Path.of("/usr/bin/python3");
  private static final Pattern ERRNO = Pattern.compile("= -1 (E[A-Z0-9]+) \\(([^)]*)\\)");

  /** The workloads, one per first argument. */
  private static final String SCRIPT =
      """
      import ctypes, fcntl, mmap, os, select, socket, sys
      libc = ctypes.CDLL(None, use_errno=True)
      libc.syscall.restype = ctypes.c_long
      libc.mmap.restype = ctypes.c_void_p
      what = sys.argv[1]
      if what == "errors":
          for call in (lambda: os.close(99), lambda: os.open("/nonexistent/jtrace", os.O_RDONLY),
                       lambda: fcntl.ioctl(os.open("/dev/null", os.O_RDONLY), 0x5401, bytes(64))):
              try:
                  call()
              except OSError:
                  pass
      elif what == "name":
          fd = os.open(sys.argv[2].encode() + b"/a\\nb\\xff\\tc", os.O_CREAT | os.O_WRONLY, 0o600)
          os.write(fd, b"x")
      elif what == "decoders":
          s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
          s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
          s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
          select.epoll().close()
          m = os.memfd_create("jt", os.MFD_CLOEXEC | os.MFD_ALLOW_SEALING)
          os.dup2(m, 40, inheritable=False)
          libc.prctl(15, b"jt-name", 0, 0, 0)
          libc.prctl(3, 7, 7, 7, 7)
          libc.mmap(None, 4096, 1, 0x23, -1, 0)
          libc.syscall(312, int(sys.argv[2]), int(sys.argv[2]), 0, 0, 0)
      """;

  @TempDir static Path dir;
  static Path script;

  @BeforeAll
  static void setUp() throws IOException {
    TracedRun.assumeTracingWorks();
    assumeTrue(Files.isExecutable(PYTHON), "no " + PYTHON + " to run the workloads");
    script = dir.resolve("workloads.py");
    Files.writeString(script, SCRIPT);
  }

  private static TracedRun trace(String syscalls, String... args) throws IOException {
    List<String> all =
        new ArrayList<>(List.of("-e", syscalls, "--", PYTHON.toString(), script.toString()));
    all.addAll(List.of(args));
    TracedRun r = TracedRun.run(dir, all.toArray(String[]::new));
    assertWithMessage(r.messages()).that(r.status()).isEqualTo(0);
    return r;
  }

  /** strace's lines (its stderr) for the same workload, or a skip when strace is missing. */
  private static List<String> strace(String syscalls, String... args) throws Exception {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                "strace",
                "-f",
                "-qq",
                "-e",
                "trace=" + syscalls,
                "-o",
                dir.resolve("strace.out").toString(),
                "--",
                PYTHON.toString(),
                script.toString()));
    cmd.addAll(List.of(args));
    Process p;
    try {
      p =
          new ProcessBuilder(cmd)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
    } catch (IOException e) {
      assumeTrue(false, "no strace to compare with: " + e.getMessage());
      throw e;
    }
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return Files.readAllLines(dir.resolve("strace.out"), StandardCharsets.ISO_8859_1);
  }

  private static Map<String, String> errnoTexts(List<String> lines) {
    Map<String, String> texts = new TreeMap<>();
    for (String l : lines) {
      Matcher m = ERRNO.matcher(l);
      if (m.find()) {
        texts.put(m.group(1), m.group(2));
      }
    }
    return texts;
  }

  private static List<String> containing(TracedRun r, String text) {
    return r.lines().stream().filter(l -> l.contains(text)).toList();
  }

  @Test
  void errnoTextsAreStracesForTheSameFailures() throws Exception {
    Map<String, String> ours = errnoTexts(trace("close,openat,ioctl", "errors").lines());
    Map<String, String> theirs = errnoTexts(strace("close,openat,ioctl", "errors"));
    assertThat(ours)
        .containsAtLeast(
            "EBADF",
            "Bad file descriptor",
            "ENOENT",
            "No such file or directory",
            "ENOTTY",
            "Inappropriate ioctl for device");
    for (String name : List.of("EBADF", "ENOENT", "ENOTTY")) {
      assertWithMessage(name).that(ours.get(name)).isEqualTo(theirs.get(name));
    }
  }

  @Test
  void aNameWithANewlineAndA0xffByteIsEscapedAsStraceEscapesIt() throws Exception {
    TracedRun r = trace("openat,write", "name", dir.toString());
    // strace's quoted name, e.g. "/tmp/junit…/a\nb\377\tc"
    String quoted =
        strace("openat", "name", dir.toString()).stream()
            .map(l -> Pattern.compile("\"([^\"]*a\\\\nb[^\"]*)\"").matcher(l))
            .filter(Matcher::find)
            .map(m -> m.group(1))
            .findFirst()
            .orElseThrow();
    assertThat(quoted).endsWith("/a\\nb\\377\\tc");
    assertThat(containing(r, "filename: \"" + quoted + "\"")).hasSize(1);
    // The new fd is annotated with the same escapes, and write's fd too: no line is split.
    assertThat(containing(r, "= 3<" + quoted + ">")).hasSize(1);
    assertThat(containing(r, "write(fd: 3<" + quoted + ">")).hasSize(1);
    assertThat(r.lines().stream().filter(l -> l.startsWith("b"))).isEmpty();
  }

  @Test
  void decodersNameWhatTheyUsedToPrintAsNumbers() throws Exception {
    // kcmp(other, other, KCMP_FILE, 0, 0) on a process the trace does not follow: its fd 0 is read
    // from /proc.
    Process other = new ProcessBuilder("sleep", "60").start();
    TracedRun r;
    String otherStdin;
    try {
      otherStdin =
          Files.readSymbolicLink(Path.of("/proc", Long.toString(other.pid()), "fd", "0"))
              .toString();
      r =
          trace(
              "setsockopt,epoll_create1,memfd_create,dup3,prctl,mmap,kcmp",
              "decoders",
              Long.toString(other.pid()));
    } finally {
      other.destroy();
    }
    assertThat(containing(r, "setsockopt(")).hasSize(2);
    assertThat(containing(r, "level: SOCKET, optname: REUSEADDR,")).hasSize(1);
    assertThat(containing(r, "level: TCP, optname: NODELAY,")).hasSize(1);
    assertThat(containing(r, "epoll_create1(flags: CLOEXEC)"))
        .isNotEmpty(); // python opens one itself too
    assertThat(containing(r, "memfd_create(uname: \"jt\", flags: CLOEXEC|ALLOW_SEALING)"))
        .hasSize(1);
    assertThat(containing(r, ", newfd: 40, flags: CLOEXEC)")).hasSize(1);
    assertThat(containing(r, "prctl(option: SET_NAME, arg2: \"jt-name\")")).hasSize(1);
    assertThat(containing(r, "prctl(option: GET_DUMPABLE)")).hasSize(1);
    assertThat(containing(r, "flags: SHARED_VALIDATE|ANONYMOUS)")).hasSize(1);
    assertThat(containing(r, "idx1: 0<" + otherStdin + ">, idx2: 0<" + otherStdin + ">"))
        .hasSize(1);
  }
}
