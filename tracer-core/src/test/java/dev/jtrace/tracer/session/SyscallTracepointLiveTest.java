package dev.jtrace.tracer.session;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The paired capture's programs on each selected syscall's own tracepoints ({@code
 * --capture=bpf-tp}, what auto takes for a few syscalls when fentry is refused): the same lines,
 * contents included, as the paired capture on the raw tracepoints, from the command line on the
 * test workload. Before it, {@code jtrace -e read} on a kernel refusing fentry fell back to perf's
 * tracepoints and printed read's buffer as a bare pointer.
 */
class SyscallTracepointLiveTest extends WorkloadTest {
  private static final String CALLS = "openat,read,write,dup2,kill";

  @Test
  void theSameLinesAsThePairedCaptureOnTheRawTracepoints() throws Exception {
    TracedRun tp =
        TracedRun.run(dir, "-v", "--capture=bpf-tp", "-e", CALLS, "--", workload.toString(), "all");
    assertWithMessage(tp.messages()).that(tp.status()).isEqualTo(0);
    assertThat(tp.messages()).contains("syscalls:sys_enter_read/sys_exit_read");
    assertThat(tp.messages()).doesNotContain("no BPF capture");
    TracedRun raw =
        TracedRun.run(dir, "--capture=bpf", "-e", CALLS, "--", workload.toString(), "all");
    assertWithMessage(raw.messages()).that(raw.status()).isEqualTo(0);
    assertThat(FentryLiveTest.normalized(tp.lines()))
        .containsExactlyElementsIn(FentryLiveTest.normalized(raw.lines()));
    // contents at entry (the path), at exit (the byte read back) and a filled-in fd
    assertThat(tp.lines().stream().filter(l -> l.contains("filename: \"/etc/hostname\"")))
        .isNotEmpty();
    // the pipe2 that made fd 4 is not selected: followed unprinted, it names the fd
    assertThat(tp.lines().stream().filter(l -> l.contains("read(fd: 4<pipe:["))).hasSize(1);
    assertThat(tp.lines().stream().filter(l -> l.contains("buf: \"x\", count: 1)"))).hasSize(2);
    assertThat(tp.lines().stream().filter(l -> l.contains("pipe2("))).isEmpty();
  }

  @Test
  void aFilterIsDecidedInTheTracepointPrograms() throws Exception {
    TracedRun run =
        TracedRun.run(
            dir,
            "--capture=bpf-tp",
            "-e",
            "read",
            "--filter",
            "count == 1",
            "--",
            workload.toString(),
            "all");
    assertWithMessage(run.messages()).that(run.status()).isEqualTo(0);
    List<String> reads = run.lines().stream().filter(l -> l.contains(" read(")).toList();
    assertThat(reads).isNotEmpty();
    assertThat(reads.stream().allMatch(l -> l.contains("count: 1)"))).isTrue();
  }

  @Test
  void aSelectionTooWideForTracepointsOfItsOwnIsRefusedInOneLine() throws Exception {
    TracedRun run = TracedRun.run(dir, "--capture=bpf-tp", "-e", "!read", "--", "true");
    assertThat(run.status()).isNotEqualTo(0);
    assertThat(run.messages().strip().lines().count()).isEqualTo(1);
    assertThat(run.messages()).startsWith("jtrace: --capture=bpf-tp: needs -e with at most");
  }
}
