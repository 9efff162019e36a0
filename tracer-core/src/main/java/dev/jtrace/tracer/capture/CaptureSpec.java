package dev.jtrace.tracer.capture;

import dev.jtrace.tracer.options.CallGraph;
import dev.jtrace.tracer.perf.RingBuffer;
import dev.jtrace.tracer.select.SyscallSelection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What to open: the tasks (a list of tids, or every task when {@code tids} is empty), the CPUs,
 * which syscalls ({@code syscalls} null means all), which tids the kernel must drop, and ring and
 * inherit settings.
 *
 * @param tids the tasks to attach to; empty means system-wide
 * @param cpus the CPUs to open on
 * @param syscalls the syscalls to keep, or null for all
 * @param syscallNames names for those numbers, used to pick the per-syscall tracepoints (may be
 *     empty)
 * @param excludedTids tasks the kernel filter drops (common_pid)
 * @param inherit follow children
 * @param enableOnExec enable at the next exec of the target instead of at {@link
 *     SyscallCapture#enable()}
 * @param ringPages data pages per CPU ring, a power of two
 * @param callGraph which syscall exits carry a callchain ({@link CallGraph#NONE}: none)
 */
public record CaptureSpec(
    List<Integer> tids,
    List<Integer> cpus,
    SyscallSelection.Selection syscalls,
    Map<Integer, String> syscallNames,
    Set<Integer> excludedTids,
    boolean inherit,
    boolean enableOnExec,
    int ringPages,
    CallGraph callGraph) {

  /** A spec without callchains. */
  public CaptureSpec(
      List<Integer> tids,
      List<Integer> cpus,
      SyscallSelection.Selection syscalls,
      Map<Integer, String> syscallNames,
      Set<Integer> excludedTids,
      boolean inherit,
      boolean enableOnExec,
      int ringPages) {
    this(
        tids,
        cpus,
        syscalls,
        syscallNames,
        excludedTids,
        inherit,
        enableOnExec,
        ringPages,
        CallGraph.NONE);
  }

  /**
   * Per-syscall tracepoints are cheaper than filtering raw_syscalls only for a handful of syscalls:
   * 16 selected ones plus the 6 fd-changing calls a selection is widened with (close, close_range,
   * dup2, dup3, execve, execveat), which fire rarely.
   */
  public static final int MAX_PER_SYSCALL_TRACEPOINTS = 22;

  public boolean systemWide() {
    return tids.isEmpty();
  }

  /** The wakeup watermark of this spec's rings, in bytes (see {@link #watermarkBytes(int)}). */
  public int watermarkBytes() {
    return watermarkBytes(ringPages);
  }

  /**
   * Wake the reader at a quarter full: no per-event wakeups, and three quarters of headroom while
   * the reader thread waits for a CPU (at least half a page, for tiny rings).
   */
  public static int watermarkBytes(int ringPages) {
    return Math.max(RingBuffer.PAGE_SIZE / 2, ringPages * RingBuffer.PAGE_SIZE / 4);
  }
}
