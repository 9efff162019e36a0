package dev.jtrace.tracer.bpf;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jtrace.beauty.Arch;
import dev.jtrace.beauty.SyscallBeautifier;
import dev.jtrace.beauty.content.CapturePhase;
import dev.jtrace.beauty.content.ContentKind;
import dev.jtrace.beauty.content.ContentSpec;
import dev.jtrace.tracer.btf.Btf;
import dev.jtrace.tracer.filter.FilterParser;
import dev.jtrace.tracer.filter.FilterResolver;
import dev.jtrace.tracer.perf.NativeCalls;
import dev.jtrace.tracer.perf.PerfException;
import dev.jtrace.tracer.perf.Tracefs;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The paired capture on syscalls' kernel functions (fentry/fexit), against the running kernel's BTF
 * and verifier. Where the kernel refuses fentry (these VMs answer EPERM at load), the programs are
 * still put through the verifier as tp_btf programs on sys_enter/sys_exit, whose context has the
 * same types in the same slots (the syscall's pt_regs pointer, then the number or the return).
 */
class FentryCaptureTest {
  private static final int CLOSE = 3;
  private static final int READ = 0;
  private static final int OPENAT = 257;
  private static final int ACCEPT = 43;
  private static final int GETPPID = 110;
  private static final int I386_GETPPID = 64;
  private static final ContentSpec PATH = ContentSpec.builder(1, ContentKind.STRING).build();
  private static final ContentSpec READ_BUF =
      ContentSpec.builder(1, ContentKind.BYTES).lengthFromReturn().build();
  private static final ContentSpec ADDR =
      ContentSpec.builder(1, ContentKind.BYTES)
          .phase(CapturePhase.EXIT)
          .lengthFromPointee(2)
          .type("sockaddr")
          .build();

  private static Btf btf;

  @BeforeAll
  static void kernel() throws Exception {
    assumeTrue(Arch.host() == Arch.X86_64, "the syscall entry points are known on x86_64");
    assumeTrue(Files.isReadable(Btf.VMLINUX), "no kernel BTF at " + Btf.VMLINUX);
    btf = Btf.read(Btf.VMLINUX);
  }

  private static Tracefs tracefs() {
    assumeTrue(
        "root".equals(System.getProperty("user.name")), "needs root for BPF and tracepoints");
    try {
      return Tracefs.locate();
    } catch (PerfException e) {
      assumeTrue(false, "no tracefs: " + e.getMessage());
      return null;
    }
  }

  private static SyscallFunctions.Found find(String... names) throws Exception {
    SyscallBeautifier x64 = SyscallBeautifier.forArch(Arch.X86_64);
    SyscallBeautifier i386 = SyscallBeautifier.forArch(Arch.I386);
    TreeMap<Integer, String> selected = new TreeMap<>();
    Map<String, Integer> compat = new TreeMap<>();
    for (String n : names) {
      selected.put(x64.number(n), n);
      if (i386.number(n) >= 0) {
        compat.put(n, i386.number(n));
      }
    }
    Tracefs tracefs = tracefs();
    return SyscallFunctions.find(
        btf, selected, compat, name -> tracefs.has("syscalls", "sys_enter_" + name));
  }

  @Test
  void findsTheNativeAndIa32EntryPointsInBtf() throws Exception {
    SyscallFunctions.Found found = find("read", "execve", "accept");
    assertThat(found.complete()).isTrue();
    List<String> functions =
        found.targets().stream().map(t -> t.function() + "/" + t.nr() + "/" + t.compat()).toList();
    assertThat(functions)
        .containsAtLeast(
            "__x64_sys_read/0/false",
            "__x64_sys_execve/59/false",
            "__x64_sys_accept/43/false",
            "__ia32_sys_read/3/true",
            // execve has a compat wrapper: that is what the ia32 table calls
            "__ia32_compat_sys_execve/11/true");
    for (SyscallFunctions.Target t : found.targets()) {
      assertThat(t.btfId()).isGreaterThan(0);
    }
  }

  @Test
  void theFunctionIsTheOneTheSyscallTableCallsNotAnOlderOneOfTheName() throws Exception {
    // BTF has __x64_sys_fstat and __x64_sys_uname too: other ABIs' old calls, never called here
    assertThat(btf.functionIds(List.of("__x64_sys_fstat", "__x64_sys_uname"))).hasSize(2);
    SyscallFunctions.Found found = find("fstat", "uname", "umount2");
    assertThat(found.complete()).isTrue();
    assertThat(
            found.targets().stream()
                .filter(t -> !t.compat())
                .map(SyscallFunctions.Target::function))
        .containsExactly("__x64_sys_newfstat", "__x64_sys_newuname", "__x64_sys_umount");
    // and the ia32 ones of the same definitions: fstat's compat wrapper, not the old stat
    assertThat(
            found.targets().stream()
                .filter(SyscallFunctions.Target::compat)
                .map(SyscallFunctions.Target::function))
        .contains("__ia32_compat_sys_newfstat");
  }

  @Test
  void aSyscallDefine0IsTakenAtTheFunctionItsStubsAliasForBothAbis() throws Exception {
    SyscallFunctions.Found found = find("read", "getppid");
    assertThat(found.complete()).isTrue();
    List<SyscallFunctions.Target> getppid =
        found.targets().stream().filter(t -> t.syscall().equals("getppid")).toList();
    if (btf.functionIds(List.of("__x64_sys_getppid")).isEmpty()) {
      // 6.18's BTF here has no SYSCALL_DEFINE0 stubs (aliases): the one function they alias
      assertThat(getppid).hasSize(1);
      assertThat(getppid.getFirst().function()).isEqualTo("__do_sys_getppid");
      assertThat(getppid.getFirst().compat()).isFalse();
      assertThat(getppid.getFirst().compatNr())
          .isEqualTo(SyscallBeautifier.forArch(Arch.I386).number("getppid"));
    } else {
      assertThat(getppid.getFirst().function()).isEqualTo("__x64_sys_getppid");
    }
  }

  @Test
  void aSyscallWithoutAFunctionIsNamed() throws Exception {
    // tuxcall is in x86_64's table but never implemented: no events, no function
    SyscallFunctions.Found found = find("read", "tuxcall");
    assertThat(found.complete()).isFalse();
    assertThat(found.missingNative()).containsExactly("tuxcall");
    assertThat(found.targets().stream().map(SyscallFunctions.Target::function))
        .contains("__x64_sys_read");
  }

  /** Maps as the capture makes them, for programs built outside it. */
  private static PairedPrograms.Maps maps(List<Integer> fds, int recordSize) throws Exception {
    int syscalls = Bpf.createMap(Bpf.MAP_ARRAY, 4, 4, ContentPlan.MAX_SYSCALL);
    int tids = Bpf.createMap(Bpf.MAP_HASH, 4, 4, 1024, Bpf.NO_PREALLOC);
    int records = Bpf.createMap(Bpf.MAP_HASH, 4, recordSize, 1024, Bpf.NO_PREALLOC);
    int template = Bpf.createMap(Bpf.MAP_ARRAY, 4, recordSize, 1);
    int ring = Bpf.createMap(Bpf.MAP_RINGBUF, 0, 0, 1 << 16);
    int lost = Bpf.createMap(Bpf.MAP_PERCPU_ARRAY, 4, 8, 1);
    fds.addAll(List.of(syscalls, tids, records, template, ring, lost));
    return new PairedPrograms.Maps(syscalls, tids, records, template, ring, lost);
  }

  @Test
  void theFunctionProgramsPassTheVerifierOnTheSameContextTypes() throws Exception {
    tracefs();
    SyscallRegs regs = SyscallRegs.of(Arch.X86_64).orElseThrow();
    ContentPlan plan =
        new ContentPlan(
                nr -> true,
                Map.of(OPENAT, List.of(PATH), READ, List.of(READ_BUF), ACCEPT, List.of(ADDR)),
                32)
            .withCompat(Map.of(5, List.of(PATH), 3, List.of(READ_BUF)));
    Map<String, Integer> tp = btf.typedefIds(List.of("btf_trace_sys_enter", "btf_trace_sys_exit"));
    assumeTrue(tp.size() == 2, "no btf_trace_sys_enter/exit in BTF: " + tp);
    List<Integer> fds = new ArrayList<>();
    try {
      PairedPrograms.Maps maps = maps(fds, plan.recordSize());
      record Case(int nr, boolean compat) {}
      for (Case c :
          List.of(
              new Case(OPENAT, false),
              new Case(READ, false),
              new Case(ACCEPT, false),
              new Case(5, true),
              new Case(3, true),
              new Case(GETPPID, false))) {
        PairedPrograms p =
            new PairedPrograms(
                plan,
                maps,
                regs,
                false,
                0,
                CallFilter.NONE,
                -1,
                new PairedPrograms.Function(
                    c.nr(), c.compat(), c.nr() == GETPPID ? I386_GETPPID : -1));
        fds.add(
            Bpf.loadTracing(
                Bpf.TRACE_RAW_TP, tp.get("btf_trace_sys_enter"), p.enter(), "jtrace_fentry"));
        fds.add(
            Bpf.loadTracing(
                Bpf.TRACE_RAW_TP, tp.get("btf_trace_sys_exit"), p.exit(), "jtrace_fexit"));
      }
      assertThat(fds).hasSize(6 + 12);
    } finally {
      fds.forEach(NativeCalls::close);
    }
  }

  /**
   * The function programs' per-call logic run for real where fentry is refused: close's pair loaded
   * as tp_btf programs on sys_enter/sys_exit for this thread only, so every call of the thread
   * between attach and detach is taken for a close (the number is the program's constant); the
   * three close(-1) calls must come out paired with their argument and -EBADF.
   */
  @Test
  void theFunctionProgramsPairACallsArgumentsAndReturn() throws Exception {
    assertThat(closesOfMinusOne(CallFilter.NONE)).isEqualTo(3);
  }

  /** --filter in the function programs: decided at entry, as on the raw tracepoints. */
  @Test
  void theFunctionProgramsApplyAFilter() throws Exception {
    assertThat(closesOfMinusOne(closeFilter("fd == -1"))).isEqualTo(3);
    assertThat(closesOfMinusOne(closeFilter("fd == 12345"))).isEqualTo(0);
  }

  private static CallFilter closeFilter(String expr) throws Exception {
    SyscallBeautifier x64 = SyscallBeautifier.forArch(Arch.X86_64);
    return new CallFilter(
        FilterResolver.bind(
            FilterParser.parse(expr), Map.of(CLOSE, x64.signature(CLOSE)), Arch.X86_64),
        null);
  }

  /**
   * Runs close's function programs as tp_btf programs for this thread while it calls close(-1)
   * three times; returns how many of those came out, paired with -EBADF. Every record must be this
   * thread's and carry close's number; under a filter that keeps only fd -1, nothing else.
   */
  private static int closesOfMinusOne(CallFilter filter) throws Exception {
    tracefs();
    SyscallRegs regs = SyscallRegs.of(Arch.X86_64).orElseThrow();
    ContentPlan plan = new ContentPlan(nr -> nr == CLOSE, Map.of(), 32);
    Map<String, Integer> tp = btf.typedefIds(List.of("btf_trace_sys_enter", "btf_trace_sys_exit"));
    List<Integer> fds = new ArrayList<>();
    List<Integer> links = new ArrayList<>();
    try (Arena arena = Arena.ofConfined()) {
      PairedPrograms.Maps maps = maps(fds, plan.recordSize());
      PairedPrograms p =
          new PairedPrograms(
              plan, maps, regs, false, -1, filter, -1, new PairedPrograms.Function(CLOSE, false));
      int enter =
          Bpf.loadTracing(Bpf.TRACE_RAW_TP, tp.get("btf_trace_sys_enter"), p.enter(), "jt_enter");
      fds.add(enter);
      int exit =
          Bpf.loadTracing(Bpf.TRACE_RAW_TP, tp.get("btf_trace_sys_exit"), p.exit(), "jt_exit");
      fds.add(exit);
      int tid = NativeCalls.gettid();
      Bpf.updateU32(maps.tids(), tid, PairedPrograms.TRACED);
      try (BpfRing ring = BpfRing.map(maps.ring(), 1 << 16)) {
        links.add(Bpf.attachTracing(enter, "tp_btf sys_enter"));
        links.add(Bpf.attachTracing(exit, "tp_btf sys_exit"));
        for (int i = 0; i < 3; i++) {
          NativeCalls.close(-1);
        }
        links.forEach(NativeCalls::close);
        links.clear();
        MemorySegment copy = arena.allocate(ring.dataBytes(), 8);
        long n = ring.copyAvailable(copy);
        int[] closes = new int[1];
        BpfRing.forEachRecord(
            copy,
            n,
            (s, off, len) -> {
              assertThat(s.get(ValueLayout.JAVA_INT, off + PairedLayout.TID)).isEqualTo(tid);
              assertThat(s.get(ValueLayout.JAVA_INT, off + PairedLayout.NR)).isEqualTo(CLOSE);
              long arg = s.get(ValueLayout.JAVA_LONG, off + PairedLayout.ARGS);
              boolean minusOne = arg == -1 || arg == 0xffffffffL;
              if (filter != CallFilter.NONE) {
                assertWithMessage("a call the filter drops").that(minusOne).isTrue();
              }
              if (minusOne && s.get(ValueLayout.JAVA_LONG, off + PairedLayout.RET) == -9) {
                assertThat(s.get(ValueLayout.JAVA_INT, off + PairedLayout.FLAGS)).isEqualTo(0);
                assertThat(s.get(ValueLayout.JAVA_LONG, off + PairedLayout.EXIT_TIME))
                    .isAtLeast(s.get(ValueLayout.JAVA_LONG, off + PairedLayout.ENTER_TIME));
                closes[0]++;
              }
            });
        return closes[0];
      }
    } finally {
      links.forEach(NativeCalls::close);
      fds.forEach(NativeCalls::close);
    }
  }

  private static PairedCapture onClose(Tracefs tracefs, List<SyscallFunctions.Target> targets)
      throws PerfException {
    ContentPlan plan = new ContentPlan(nr -> nr == CLOSE, Map.of(), 32);
    return PairedCapture.onFunctions(
        tracefs,
        plan,
        new PairedCapture.Settings(Arch.X86_64, false, true, 1 << 16, 0, -1),
        CallFilter.NONE,
        targets);
  }

  /**
   * Where the kernel allows fentry: close's calls come through fentry/fexit links only. Where it
   * refuses them (these VMs, EPERM at load), the probe and the capture both fail with that errno,
   * before anything is attached: what the callers fall back on.
   */
  @Test
  void pairsACallThroughFentryAndFexitOrTheKernelRefusesThemAtLoad() throws Exception {
    Tracefs tracefs = tracefs();
    List<SyscallFunctions.Target> targets = find("close").targets();
    PerfException refused = null;
    try {
      SyscallFunctions.checkLoadable(targets.getFirst());
    } catch (PerfException e) {
      refused = e;
    }
    if (refused != null) {
      assertThat(refused.errno()).isEqualTo(NativeCalls.EPERM);
      PerfException capture = null;
      try (PairedCapture c = onClose(tracefs, targets)) {
        assertWithMessage("the capture loaded where the probe was refused").fail();
      } catch (PerfException e) {
        capture = e;
      }
      assertThat(capture.errno()).isEqualTo(NativeCalls.EPERM);
      assertThat(capture).hasMessageThat().contains("jtrace_fentry");
      return;
    }
    try (PairedCapture c = onClose(tracefs, targets);
        Arena arena = Arena.ofConfined()) {
      int tid = NativeCalls.gettid();
      c.trace(tid);
      c.start();
      List<String> kinds = c.linkKinds();
      assertWithMessage("the links the capture holds")
          .that(kinds.stream().filter(k -> !k.startsWith("fentry ") && !k.startsWith("fexit ")))
          .isEmpty();
      assertThat(kinds).isNotEmpty();
      for (int i = 0; i < 3; i++) {
        NativeCalls.close(-1);
      }
      c.stop();
      MemorySegment copy = arena.allocate(c.ring().dataBytes(), 8);
      long n = c.ring().copyAvailable(copy);
      int[] closes = new int[1];
      BpfRing.forEachRecord(
          copy,
          n,
          (s, off, len) -> {
            if (s.get(ValueLayout.JAVA_INT, off + PairedLayout.TID) == tid) {
              assertThat(s.get(ValueLayout.JAVA_INT, off + PairedLayout.NR)).isEqualTo(CLOSE);
              assertThat(s.get(ValueLayout.JAVA_LONG, off + PairedLayout.ARGS))
                  .isAnyOf(-1L, 0xffffffffL);
              assertThat(s.get(ValueLayout.JAVA_LONG, off + PairedLayout.RET)).isEqualTo(-9);
              closes[0]++;
            }
          });
      assertThat(closes[0]).isEqualTo(3);
    }
  }
}
