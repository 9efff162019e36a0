package dev.jtrace.tracer.bpf;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jtrace.tracer.filter.BoundFilter;
import dev.jtrace.tracer.filter.FilterException;
import dev.jtrace.tracer.filter.GlobPattern;
import dev.jtrace.tracer.perf.NativeCalls;
import dev.jtrace.tracer.perf.PerfException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The glob matcher {@link ArgFilterEmitter} emits, loaded into the real kernel as a raw tracepoint
 * program and run by BPF_PROG_TEST_RUN on strings of this process (the program reads them with
 * bpf_probe_read_user_str as at a syscall's entry): its verdicts against {@link
 * GlobPattern#matches}, the reference, on many patterns and strings.
 */
class GlobMatcherKernelTest {
  private static final int PROG_TEST_RUN = 10;
  private static final int NR = 257;
  private static final int PASS = 1, REJECT = 0, UNDECIDED = 2;

  private static Arena arena;
  private static int records = -1;
  private static int scratch = -1;

  @BeforeAll
  static void maps() throws PerfException {
    assumeTrue("root".equals(System.getProperty("user.name")), "needs root to load BPF programs");
    arena = Arena.ofShared();
    records = Bpf.createMap(Bpf.MAP_ARRAY, 4, PairedLayout.ARGS + 48, 1);
    scratch = Bpf.createMap(Bpf.MAP_PERCPU_ARRAY, 4, ArgFilterEmitter.SCRATCH_BYTES, 1);
  }

  @AfterAll
  static void close() {
    if (records >= 0) {
      NativeCalls.close(records);
      NativeCalls.close(scratch);
    }
    if (arena != null) {
      arena.close();
    }
  }

  /** A program that tests args[1] (a string pointer in ctx[0]) against the filter f. */
  private static int load(BoundFilter f) throws PerfException {
    return Bpf.loadProgram(Bpf.PROG_RAW_TRACEPOINT, program(f), "glob_test");
  }

  private static long[] program(BoundFilter f) {
    BpfAssembler a = new BpfAssembler();
    a.movReg(BpfAssembler.R6, BpfAssembler.R1);
    a.storeImm(BpfAssembler.W, BpfAssembler.R10, -8, 0);
    a.loadMap(BpfAssembler.R1, records)
        .movReg(BpfAssembler.R2, BpfAssembler.R10)
        .aluImm(BpfAssembler.ADD, BpfAssembler.R2, -8)
        .call(1);
    a.jumpImm(BpfAssembler.JEQ, BpfAssembler.R0, 0, "undecided");
    a.movReg(BpfAssembler.R9, BpfAssembler.R0);
    a.load(BpfAssembler.DW, BpfAssembler.R1, BpfAssembler.R6, 0)
        .store(BpfAssembler.DW, BpfAssembler.R9, PairedLayout.ARGS + 8, BpfAssembler.R1);
    a.movImm(BpfAssembler.R7, NR);
    new ArgFilterEmitter(Map.of(NR, f), scratch, -16, -24).emit(a, "pass", "reject", "undecided");
    a.label("pass").movImm(BpfAssembler.R0, PASS).exit();
    a.label("reject").movImm(BpfAssembler.R0, REJECT).exit();
    a.label("undecided").movImm(BpfAssembler.R0, UNDECIDED).exit();
    return a.build();
  }

  /** Loads with the verifier's statistics (log level 4): how many instructions it processed. */
  private static int verifierInstructions(long[] insns) throws PerfException {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment code = a.allocate(ValueLayout.JAVA_LONG, insns.length);
      MemorySegment.copy(insns, 0, code, ValueLayout.JAVA_LONG, 0, insns.length);
      MemorySegment log = a.allocate(4096);
      MemorySegment attr = a.allocate(128, 8);
      attr.set(ValueLayout.JAVA_INT, 0, Bpf.PROG_RAW_TRACEPOINT);
      attr.set(ValueLayout.JAVA_INT, 4, insns.length);
      attr.set(ValueLayout.JAVA_LONG, 8, code.address());
      attr.set(ValueLayout.JAVA_LONG, 16, a.allocateFrom("GPL").address());
      attr.set(ValueLayout.JAVA_INT, 24, 4);
      attr.set(ValueLayout.JAVA_INT, 28, 4096);
      attr.set(ValueLayout.JAVA_LONG, 32, log.address());
      NativeCalls.close(NativeCalls.bpf("bpf(BPF_PROG_LOAD)", 5, attr, 128));
      java.util.regex.Matcher m =
          java.util.regex.Pattern.compile("processed (\\d+) insns").matcher(log.getString(0));
      assertWithMessage(log.getString(0)).that(m.find()).isTrue();
      return Integer.parseInt(m.group(1));
    }
  }

  private static int load(String glob) throws PerfException, FilterException {
    return load(new BoundFilter.Glob(1, GlobPattern.compile(glob, 0), false));
  }

  /** Runs the program once with ctx[0] = the address of s, NUL-terminated. */
  private static int run(int prog, byte[] s) throws PerfException {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment str = a.allocate(s.length + 1);
      MemorySegment.copy(s, 0, str, ValueLayout.JAVA_BYTE, 0, s.length);
      str.set(ValueLayout.JAVA_BYTE, s.length, (byte) 0);
      MemorySegment ctx = a.allocate(8, 8);
      ctx.set(ValueLayout.JAVA_LONG, 0, str.address());
      MemorySegment attr = a.allocate(80, 8);
      attr.set(ValueLayout.JAVA_INT, 0, prog);
      attr.set(ValueLayout.JAVA_INT, 40, 8); // ctx_size_in
      attr.set(ValueLayout.JAVA_LONG, 48, ctx.address()); // ctx_in
      NativeCalls.bpf("bpf(BPF_PROG_TEST_RUN)", PROG_TEST_RUN, attr, 80);
      return attr.get(ValueLayout.JAVA_INT, 4);
    }
  }

  /** Asserts the kernel's verdict on each string is the reference's; returns how many matched. */
  private static int assertAgrees(String glob, List<String> strings) throws Exception {
    GlobPattern p = GlobPattern.compile(glob, 0);
    int prog = load(glob);
    int matched = 0;
    try {
      for (String s : strings) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        int expected = p.matches(b) ? PASS : REJECT;
        matched += expected;
        assertWithMessage("%s ~ \"%s\"", s.length() > 80 ? s.length() + " bytes" : s, glob)
            .that(run(prog, b))
            .isEqualTo(expected);
      }
    } finally {
      NativeCalls.close(prog);
    }
    return matched;
  }

  @Test
  void middleRunsAndClassesAgreeWithTheReference() throws Exception {
    List<String> names =
        List.of(
            "/etc/passwd",
            "/etc/passwd-",
            "passwd",
            "/etc/pass",
            "/usr/lib/x86_64-linux-gnu/libc.so.6",
            "/usr/lib/libm.so",
            "/usr/libexec/x.so",
            "/etc/ssl/openssl.conf",
            "/etc/a/b/c.conf",
            "/etc/x.conf",
            "/etc/hostname",
            "",
            "a",
            "aa",
            "aaa",
            "abab",
            "Xetc.conf",
            "/proc/self/maps");
    for (String glob :
        List.of(
            "*passwd*",
            "*a*",
            "*a*a*",
            "/etc/*/*.conf",
            "/usr/*lib*.so",
            "/usr/*lib*.so*",
            "*/*/*",
            "*s?l*",
            "[/X]etc*",
            "*[a-c]*[!a-c]",
            "/etc/[!p]*",
            "*[.][cs]o*",
            "*lib[cm].so*")) {
      int matched = assertAgrees(glob, names);
      assertWithMessage("%s matches some names and not others", glob)
          .that(matched)
          .isIn(com.google.common.collect.Range.open(0, names.size()));
    }
  }

  @Test
  void theVerifierChecksTheLoopBodyNotEachPosition() throws Exception {
    // a loop over 4096 positions checked once per iteration would process hundreds of thousands
    for (String glob : List.of("*passwd*", "/usr/*lib*[0-9]*.so*", "*a*b*c*d*e*f*")) {
      int processed =
          verifierInstructions(
              program(new BoundFilter.Glob(1, GlobPattern.compile(glob, 0), false)));
      assertWithMessage(glob).that(processed).isLessThan(5000);
    }
  }

  @Test
  void randomPatternsAgreeWithTheReference() throws Exception {
    Random r = new Random(42);
    String alphabet = "ab/.";
    int total = 0;
    for (int n = 0; n < 40; n++) {
      StringBuilder g = new StringBuilder();
      int len = r.nextInt(8);
      for (int i = 0; i < len; i++) {
        int k = r.nextInt(10);
        g.append(
            switch (k) {
              case 0, 1 -> "*";
              case 2 -> "?";
              case 3 -> "[!a]";
              case 4 -> "[a-b.]";
              default -> String.valueOf(alphabet.charAt(r.nextInt(alphabet.length())));
            });
      }
      List<String> strings = new ArrayList<>();
      for (int i = 0; i < 60; i++) {
        StringBuilder s = new StringBuilder();
        int sl = r.nextInt(12);
        for (int j = 0; j < sl; j++) {
          s.append(alphabet.charAt(r.nextInt(alphabet.length())));
        }
        strings.add(s.toString());
      }
      total += assertAgrees(g.toString(), strings);
    }
    assertThat(total).isGreaterThan(100); // of 2400: not all rejected
  }

  @Test
  void longStringsUpToTheBufferAndPastIt() throws Exception {
    String pad = "a".repeat(4000);
    assertAgrees(
        "*passwd*",
        List.of(
            pad + "passwd",
            pad + "passw",
            "passwd" + pad,
            pad + "x".repeat(88) + "passwd", // 4094 bytes: the longest a 4096 buffer holds whole
            pad + "x".repeat(94)));
    assertAgrees("*b*c", List.of(pad + "bc", pad + "cb" + "c", "b" + pad + "c"));
    // 4095 bytes and more are cut at PATH_MAX: the end is not known, so the call is shown
    int prog = load("*passwd*");
    try {
      byte[] cut = (pad + "x".repeat(89) + "passwd").getBytes(StandardCharsets.US_ASCII);
      assertThat(run(prog, cut)).isEqualTo(UNDECIDED);
    } finally {
      NativeCalls.close(prog);
    }
  }

  @Test
  void headAndTailOnlyPatternsKeepTheirFastPath() throws Exception {
    // no loop (no may_goto, which kernels before 6.9 refuse) unless a run stands between the ends
    for (String glob : List.of("/etc/*", "*.so", "/lib*.so.6", "/etc/hostname", "/etc/[hp]*")) {
      assertWithMessage(glob).that(hasMayGoto(glob)).isFalse();
      assertAgrees(glob, List.of("/etc/hostname", "/etc/passwd", "libc.so", "/lib/libc.so.6"));
    }
  }

  @Test
  void onlyMiddleRunsTakeTheLoop() throws Exception {
    assertThat(hasMayGoto("*passwd*")).isTrue();
    assertThat(hasMayGoto("/etc/*/*.conf")).isTrue();
    assertThat(hasMayGoto("**.so")).isFalse(); // an empty run between stars is no run
  }

  private static boolean hasMayGoto(String glob) throws FilterException {
    long[] code = program(new BoundFilter.Glob(1, GlobPattern.compile(glob, 0), false));
    return java.util.Arrays.stream(code).anyMatch(w -> (w & 0xff) == 0xe5); // JMP|JCOND
  }

  @Test
  void negatedAndCombinedGlobsOfOneSyscall() throws Exception {
    GlobPattern passwd = GlobPattern.compile("*passwd*", 0);
    GlobPattern conf = GlobPattern.compile("/etc/*/*.conf", 0);
    BoundFilter f =
        new BoundFilter.Or(
            new BoundFilter.Glob(1, passwd, true), new BoundFilter.Glob(1, conf, false));
    int prog = load(f);
    try {
      for (String s : List.of("/etc/passwd", "/etc/a/passwd.conf", "/etc/x.conf", "/tmp/y")) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        boolean expected = !passwd.matches(b) || conf.matches(b);
        assertWithMessage(s).that(run(prog, b)).isEqualTo(expected ? PASS : REJECT);
      }
    } finally {
      NativeCalls.close(prog);
    }
  }
}
