package dev.jtrace.tracer.session;

import dev.jtrace.beauty.Arch;
import dev.jtrace.beauty.SyscallBeautifier;
import dev.jtrace.tracer.bpf.CompatCheck;
import dev.jtrace.tracer.bpf.SummaryCapture;
import dev.jtrace.tracer.btf.BtfException;
import dev.jtrace.tracer.event.CompatAbi;
import dev.jtrace.tracer.options.TraceOptions;
import dev.jtrace.tracer.output.KernelSummary;
import dev.jtrace.tracer.output.Utf8Writer;
import dev.jtrace.tracer.perf.OnlineCpus;
import dev.jtrace.tracer.perf.PerfException;
import dev.jtrace.tracer.perf.Tracefs;
import dev.jtrace.tracer.select.SyscallNames;
import dev.jtrace.tracer.select.SyscallSelection;
import dev.jtrace.tracer.workload.Signals;
import dev.jtrace.tracer.workload.Targets;
import dev.jtrace.tracer.workload.Workload;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;

/**
 * A -s run summed in the kernel ({@link SummaryCapture}): the targets are resolved and the command
 * started as for a trace, the programs attached, and this thread only waits for the end (the
 * command's exit, the targets gone, Ctrl-C); then the maps are read once and printed ({@link
 * KernelSummary}). No per-call record reaches user space, so nothing is lost to a ring and the
 * memory held is the summary's own.
 */
final class SummaryRun {
  private static final long POLL_MS = 50;

  private final TraceOptions options;
  private final PrintStream err;
  private final AtomicBoolean stop = new AtomicBoolean();

  SummaryRun(TraceOptions options, PrintStream err) {
    this.options = options;
    this.err = err;
  }

  /**
   * Whether the options are a summary the kernel can make: -s alone (not -S, whose lines come from
   * the paired capture and whose summary sums those lines), over syscalls only, without -C (the raw
   * tracepoints run on every CPU), stacks, page faults (-F), --sched (their counts come from perf
   * events the printer reads), --filter, -z and -G (the paired capture applies them) or
   * --capture=perf or fentry.
   */
  static boolean applies(TraceOptions options) {
    return options.summaryOnly() && !options.withSummary() && kernelCanSum(options);
  }

  /**
   * Whether the kernel's sums are the summary these options ask for: syscalls only, every CPU, no
   * option that drops calls from the summary in user space (--duration, --failure, -z, --filter,
   * -G, max events) and no count read from other perf events (-F, --sched, stacks).
   */
  static boolean kernelCanSum(TraceOptions options) {
    return options.capture() != TraceOptions.Capture.PERF
        && options.capture() != TraceOptions.Capture.FENTRY
        && options.capture() != TraceOptions.Capture.BPF_TRACEPOINTS
        && options.cpus() == null
        && !options.callGraph().any()
        && !options.noSyscalls()
        && options.durationMs() == 0
        && !options.failure()
        && options.maxEvents() == 0
        && !options.pageFaults().any()
        && !options.sched()
        && options.filter() == null
        && !options.successfulOnly()
        && options.cgroup() == null
        && (options.expr() == null || !options.expr().contains(":"));
  }

  /**
   * The in-kernel summary's settings for these options and targets (shared with -S's {@link
   * KernelSummaryBeside}).
   */
  static SummaryCapture.Settings settings(
      TraceOptions options,
      Targets targets,
      Arch arch,
      SyscallBeautifier beautifier,
      SyscallSelection.Selection selection) {
    int compat;
    try {
      CompatCheck check = CompatCheck.forHost(arch);
      compat = check == null ? -1 : check.statusOffset();
    } catch (IOException | BtfException e) {
      compat = -1; // no BTF: compat calls are summed under their numbers
    }
    return SummaryCapture.builder()
        .allTasks(targets.systemWide())
        .followForks(!options.noInherit())
        .anchorCpu(OnlineCpus.online().getFirst())
        .compatStatus(compat)
        .captured(selection == null ? null : selection::contains)
        .histogram(options.histogram())
        .errnos(options.errnoSummary())
        .execveNr(beautifier.number("execve"))
        .sigreturnKeys(sigreturnKeys(arch, beautifier, compat >= 0))
        .build();
  }

  /** Reads the maps once and prints the summary (the capture stopped). */
  static void print(
      SummaryCapture capture,
      SummaryCapture.Settings settings,
      TraceOptions options,
      SyscallBeautifier beautifier,
      Writer out)
      throws PerfException, IOException {
    KernelSummary summary = new KernelSummary(options.summaryMode());
    capture.read(summary);
    summary.print(
        out, beautifier, capture.counters(), settings.maxEntries(), options.errnoSummary());
  }

  /**
   * Runs the summary; returns the command's status, or empty when BPF is refused (the caller then
   * sums in user space, this having said so in one line).
   */
  OptionalInt run() throws IOException, InterruptedException, LiveTracer.UsageException {
    Arch arch = Arch.host();
    SyscallBeautifier beautifier = SyscallBeautifier.forArch(arch);
    SyscallSelection.Selection selection;
    Targets targets;
    try {
      selection =
          options.expr() == null
              ? null
              : SyscallSelection.parse(options.expr(), SyscallNames.of(beautifier));
      targets = Targets.resolve(options);
    } catch (SyscallSelection.BadExpression | Targets.NoSuchTarget e) {
      throw new LiveTracer.UsageException(e.getMessage());
    }
    Tracefs tracefs = Tracefs.locate();
    boolean tracesCommand = targets.tracesCommand() && options.delayMs() == 0;
    SummaryCapture.Settings settings = settings(options, targets, arch, beautifier, selection);
    SummaryCapture capture;
    try {
      capture = SummaryCapture.open(tracefs, settings);
    } catch (PerfException e) {
      err.println(
          "jtrace: no in-kernel summary ("
              + e.getMessage()
              + "): summing the captured calls in user space");
      return OptionalInt.empty();
    }
    Workload workload = null;
    try (capture) {
      if (options.verbose()) {
        err.println(
            "jtrace: in-kernel summary, up to "
                + settings.maxEntries()
                + " (thread, syscall) entries"
                + (settings.histogram() ? " with histograms" : ""));
      }
      if (targets.systemWide()) {
        for (int tid : targets.excluded()) {
          capture.exclude(tid);
        }
      } else {
        for (int tid : targets.tids()) {
          capture.trace(tid);
        }
      }
      if (options.hasWorkload()) {
        workload = Workload.startStopped(options.command());
        if (targets.tracesCommand()) {
          if (tracesCommand) {
            capture.traceFromExec(workload.pid()); // from its exec on, as perf's enable_on_exec
          } else {
            capture.trace(workload.pid());
          }
        }
      }
      Signals.onStop(stop);
      if (workload != null && !tracesCommand) {
        workload.resume();
        sleep(options.delayMs());
        capture.start();
      } else {
        if (workload == null) {
          sleep(options.delayMs());
        }
        capture.start();
        if (workload != null) {
          workload.resume();
        }
      }
      if (options.verbose()) {
        err.println("jtrace: in-kernel summary attached");
      }
      while (!stop.get()) {
        if (workload != null ? !workload.isAlive() : !targets.systemWide() && !anyAlive()) {
          break;
        }
        Thread.sleep(POLL_MS);
      }
      capture.stop();
      Writer out = Utf8Writer.open(options.output());
      print(capture, settings, options, beautifier, out);
      if (options.output() != null) {
        out.close();
      }
      if (workload == null) {
        return OptionalInt.of(0);
      }
      workload.terminate();
      return OptionalInt.of(workload.waitFor());
    } finally {
      if (workload != null) {
        workload.terminate();
      }
    }
  }

  /**
   * The keys of the calls that return with no syscall number in pt_regs (the sigreturns): the
   * native rt_sigreturn, and with compat keys the 32-bit ABI's rt_sigreturn and sigreturn.
   */
  static int[] sigreturnKeys(Arch arch, SyscallBeautifier beautifier, boolean compat) {
    IntStream.Builder keys = IntStream.builder();
    for (String name : new String[] {"rt_sigreturn", "sigreturn"}) {
      int nr = beautifier.number(name);
      if (nr >= 0) {
        keys.add(nr);
      }
    }
    Arch compatArch = CompatAbi.compatArch(arch);
    if (compat && compatArch != null) {
      SyscallBeautifier compatCalls = SyscallBeautifier.forArch(compatArch);
      for (String name : new String[] {"rt_sigreturn", "sigreturn"}) {
        int nr = compatCalls.number(name);
        if (nr >= 0) {
          keys.add(nr | SummaryCapture.COMPAT_KEY);
        }
      }
    }
    return keys.build().toArray();
  }

  /** For -p/-t/-u: whether any traced task still exists. */
  private boolean anyAlive() {
    for (int p : options.pids()) {
      if (Files.isDirectory(Path.of("/proc", Integer.toString(p)))) {
        return true;
      }
    }
    for (int t : options.tids()) {
      if (Files.isDirectory(Path.of("/proc", Integer.toString(t)))) {
        return true;
      }
    }
    return options.user() != null;
  }

  private void sleep(long ms) throws InterruptedException {
    long end = System.nanoTime() + ms * 1_000_000;
    while (ms > 0 && !stop.get() && System.nanoTime() < end) {
      Thread.sleep(Math.min(50, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
    }
  }
}
