package dev.jtrace.tracer.session;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import dev.jtrace.beauty.Arch;
import dev.jtrace.beauty.SyscallBeautifier;
import dev.jtrace.tracer.bpf.SyscallFunctions;
import dev.jtrace.tracer.btf.Btf;
import dev.jtrace.tracer.perf.PerfException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * jtrace's fentry capture from the command line on the test workload: chosen by auto for a few
 * syscalls, the same lines as the paired capture on the raw tracepoints, and where the kernel or
 * its BTF does not allow it, the fallback with its reason under -v and a forced --capture=fentry
 * refused in one line. Each test asserts the branch the running kernel takes (these VMs refuse
 * fentry at load with EPERM).
 */
class FentryLiveTest extends WorkloadTest {
  private static final String CALLS = "openat,read,write,dup2,kill";

  /** Why the kernel refuses fentry programs, or null where it allows them. */
  private static String refusal;

  @BeforeAll
  static void kernel() throws Exception {
    SyscallBeautifier x64 = SyscallBeautifier.forArch(Arch.X86_64);
    Btf btf = Btf.read(Btf.VMLINUX);
    Map<Integer, String> read = Map.of(x64.number("read"), "read");
    try {
      SyscallFunctions.checkLoadable(
          SyscallFunctions.find(btf, new TreeMap<>(read), Map.of(), name -> true)
              .targets()
              .getFirst());
      refusal = null;
    } catch (PerfException e) {
      refusal = e.getMessage();
    }
  }

  private static List<String> calls(List<String> lines, String part) {
    return lines.stream().filter(l -> l.contains(part)).toList();
  }

  @Test
  void autoOnAFewSyscallsUsesFentryOrSaysWhyNot() throws Exception {
    TracedRun run = TracedRun.run(dir, "-v", "-e", CALLS, "--", workload.toString(), "all");
    assertWithMessage(run.messages()).that(run.status()).isEqualTo(0);
    assertThat(calls(run.lines(), "openat(dfd: CWD, filename: \"/etc/hostname\"")).hasSize(1);
    if (refusal == null) {
      assertThat(run.messages()).contains("jtrace: fentry capture: fentry/fexit on [");
      assertThat(run.messages()).contains("__x64_sys_openat");
      assertThat(run.messages()).doesNotContain("syscalls:sys_enter_");
      // the paired capture's contents: the byte read back from the pipe (named: pipe2 followed)
      assertThat(calls(run.lines(), "read(fd: 4<pipe:[")).hasSize(1);
      assertThat(calls(run.lines(), "buf: \"x\", count: 1)")).hasSize(2);
    } else {
      assertThat(run.messages()).contains("jtrace: no fentry capture (" + refusal + ")");
      // the same programs on the syscalls' own tracepoints: contents still shown
      assertThat(run.messages()).contains("jtrace: paired capture on [");
      assertThat(run.messages()).contains("syscalls:sys_enter_openat/sys_exit_openat");
      assertThat(calls(run.lines(), "read(fd: 4<pipe:[")).hasSize(1);
      assertThat(calls(run.lines(), "buf: \"x\", count: 1)")).hasSize(2);
    }
  }

  /** A line without what differs between two runs: times, durations, process ids. */
  private static final Pattern TIMES = Pattern.compile("^ *[0-9.]+ \\([ 0-9.]+(ms)?\\): ");

  /** Run-dependent numbers: pids after a comm's slash or "pid: ", inodes and long numbers. */
  private static final Pattern IDS =
      Pattern.compile("\\b\\d{4,}\\b|(?<=[a-z]/)\\d+\\b|(?<=pid: )\\d+\\b");

  /**
   * A pipe's inode: read from /proc when its record is processed, "?" when the pipe was closed by
   * then (docs/CONTENTS.md), which differs from run to run.
   */
  private static final Pattern PIPE_INODE = Pattern.compile("pipe:\\[(\\d+|\\?)\\]");

  static List<String> normalized(List<String> lines) {
    return lines.stream()
        .map(l -> PIPE_INODE.matcher(l).replaceAll("pipe:[N]"))
        .map(l -> IDS.matcher(TIMES.matcher(l).replaceFirst("")).replaceAll("N"))
        .map(l -> l.replaceAll(" {2,}", " "))
        .toList();
  }

  @Test
  void theSameLinesAsThePairedCaptureOnTheRawTracepoints() throws Exception {
    TracedRun fentry =
        TracedRun.run(dir, "--capture=fentry", "-e", CALLS, "--", workload.toString(), "all");
    if (refusal != null) {
      assertThat(fentry.status()).isNotEqualTo(0);
      assertThat(fentry.messages().strip()).isEqualTo("jtrace: --capture=fentry: " + refusal);
      return;
    }
    assertWithMessage(fentry.messages()).that(fentry.status()).isEqualTo(0);
    TracedRun raw =
        TracedRun.run(dir, "--capture=bpf", "-e", CALLS, "--", workload.toString(), "all");
    assertWithMessage(raw.messages()).that(raw.status()).isEqualTo(0);
    assertThat(normalized(fentry.lines())).containsExactlyElementsIn(normalized(raw.lines()));
  }

  @Test
  void aSyscallWithoutAFunctionFallsBackNamingIt() throws Exception {
    // tuxcall is in x86_64's table but never implemented: no function to attach to
    TracedRun run =
        TracedRun.run(dir, "-v", "-e", "getppid,tuxcall", "--", workload.toString(), "slow");
    assertWithMessage(run.messages()).that(run.status()).isEqualTo(0);
    assertThat(calls(run.lines(), " getppid()")).hasSize(6);
    // a kernel that refuses fentry outright says so first (found without reading BTF); the missing
    // function is named where fentry loads (and by FentryCaptureTest from BTF alone)
    assertThat(run.messages())
        .contains(
            "jtrace: no fentry capture ("
                + (refusal != null ? refusal : "BTF has no kernel function for tuxcall")
                + ")");
  }

  @Test
  void getppidAloneIsCapturedOrTheKernelSaysWhyNot() throws Exception {
    TracedRun run = TracedRun.run(dir, "-v", "-e", "getppid", "--", workload.toString(), "slow");
    assertWithMessage(run.messages()).that(run.status()).isEqualTo(0);
    assertThat(calls(run.lines(), " getppid()")).hasSize(6);
    if (refusal == null) {
      assertThat(run.messages()).contains("getppid");
      assertThat(run.messages()).contains("jtrace: fentry capture: fentry/fexit on [");
    } else {
      assertThat(run.messages()).contains("jtrace: no fentry capture (" + refusal + ")");
    }
  }

  @Test
  void fentryCannotGoWithACpuList() throws Exception {
    TracedRun run = TracedRun.run(dir, "--capture=fentry", "-C", "0", "-e", "read", "--", "true");
    assertThat(run.status()).isNotEqualTo(0);
    assertThat(run.messages().strip().lines().count()).isEqualTo(1);
    assertThat(run.messages()).contains("-C");
  }
}
