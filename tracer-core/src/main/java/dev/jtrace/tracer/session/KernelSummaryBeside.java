package dev.jtrace.tracer.session;

import dev.jtrace.beauty.Arch;
import dev.jtrace.beauty.SyscallBeautifier;
import dev.jtrace.tracer.bpf.SummaryCapture;
import dev.jtrace.tracer.options.TraceOptions;
import dev.jtrace.tracer.perf.PerfException;
import dev.jtrace.tracer.perf.Tracefs;
import dev.jtrace.tracer.select.SyscallSelection;
import dev.jtrace.tracer.workload.ProcTasks;
import dev.jtrace.tracer.workload.Targets;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.util.List;

/**
 * -S's summary from the kernel: the summary programs ({@link SummaryCapture}) run beside the
 * capture that prints the lines, so the summary counts every call even when the ring loses records
 * (the lines then say LOST). Opened before the pipeline, which then keeps no user-space collector;
 * where the kernel refuses, {@link #open} says so in one line and returns null, and the printed
 * lines are summed in user space as before.
 */
final class KernelSummaryBeside implements AutoCloseable {
  private final SummaryCapture capture;
  private final SummaryCapture.Settings settings;
  private final Targets targets;

  private KernelSummaryBeside(
      SummaryCapture capture, SummaryCapture.Settings settings, Targets targets) {
    this.capture = capture;
    this.settings = settings;
    this.targets = targets;
  }

  /** Whether -S's summary can come from the kernel for these options. */
  static boolean applies(TraceOptions options) {
    return options.withSummary() && options.delayMs() == 0 && SummaryRun.kernelCanSum(options);
  }

  /** The summary programs loaded (not attached), or null when the kernel refuses (said in err). */
  static KernelSummaryBeside open(
      TraceOptions options,
      Targets targets,
      Tracefs tracefs,
      Arch arch,
      SyscallBeautifier beautifier,
      SyscallSelection.Selection selection,
      PrintStream err) {
    SummaryCapture.Settings settings =
        SummaryRun.settings(options, targets, arch, beautifier, selection);
    try {
      return new KernelSummaryBeside(SummaryCapture.open(tracefs, settings), settings, targets);
    } catch (PerfException e) {
      err.println(
          "jtrace: no in-kernel summary ("
              + e.getMessage()
              + "): -S sums the lines printed, in user space");
      return null;
    }
  }

  /**
   * Attaches the programs, the targets set: the listed threads (the command's from its exec on when
   * enableOnExec), or system-wide every task but jtrace's own, its threads started by now included.
   */
  void start(List<Integer> tids, int commandPid, boolean enableOnExec) throws PerfException {
    if (targets.systemWide()) {
      for (int tid : targets.excluded()) {
        capture.exclude(tid);
      }
      for (int tid : ProcTasks.threadsOf((int) ProcessHandle.current().pid())) {
        capture.exclude(tid);
      }
    } else {
      for (int tid : tids) {
        if (tid == commandPid && enableOnExec) {
          capture.traceFromExec(tid);
        } else {
          capture.trace(tid);
        }
      }
    }
    capture.start();
  }

  /** Detaches the programs and prints the summary after the lines. */
  void print(TraceOptions options, SyscallBeautifier beautifier, Writer out)
      throws PerfException, IOException {
    capture.stop();
    out.flush();
    SummaryRun.print(capture, settings, options, beautifier, out);
    out.flush();
  }

  @Override
  public void close() {
    capture.close();
  }
}
