package dev.jtrace.tracer.session;

import dev.jtrace.beauty.SyscallBeautifier;
import dev.jtrace.perfdata.tracing.FieldFormat;
import dev.jtrace.perfdata.tracing.RawPayload;
import dev.jtrace.tracer.event.ProcessEnd;
import dev.jtrace.tracer.event.SignalInfo;
import dev.jtrace.tracer.event.SyscallEnter;
import dev.jtrace.tracer.event.TaskExit;
import dev.jtrace.tracer.event.TracepointSample;
import dev.jtrace.tracer.output.TraceOutput;
import dev.jtrace.tracer.state.IntMap;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import java.util.function.IntFunction;

/**
 * strace's signal and exit lines from what the trace shows: {@code signal:signal_deliver} in the
 * thread that takes a signal gives {@code --- SIGUSR1 {…} ---} (the sender's pid and uid when the
 * sender is traced too: its {@code signal:signal_generate} came first), and the end of a process's
 * leader gives {@code +++ exited with N +++} (N from its exit_group call, or the command's status)
 * or {@code +++ killed by SIG… +++}. The kernel reports a signal that kills a whole process as a
 * SIGKILL delivered to each thread, so the killing signal is the last one generated for the process
 * that was not handled, else SIGKILL, else the command's status.
 */
final class SignalsAndExits {
  private final SyscallBeautifier beautifier;
  private final List<TraceOutput> outputs;
  private final int exitGroup;
  private final int exit;
  private IntFunction<OptionalInt> commandStatus = pid -> OptionalInt.empty();

  /** Per target (tid or tgid), the last generated signal: {signo, code, sender pid, sender uid}. */
  private final IntMap<int[]> generated = new IntMap<>();

  /** Per process, the status it passed to exit_group. */
  private final IntMap<int[]> exitCodes = new IntMap<>();

  /** Per process, the signal that is killing it (a fatal one generated, or SIGKILL delivered). */
  private final IntMap<int[]> killedBy = new IntMap<>();

  /** Per parent, the child process that ended last: {pid, exit status or -1} for its SIGCHLD. */
  private final IntMap<int[]> endedChildren = new IntMap<>();

  private final int sigkill;

  /** si_code of a SIGCHLD for a child that exited (asm-generic, the same on every arch). */
  private static final int CLD_EXITED = 1;

  SignalsAndExits(SyscallBeautifier beautifier, List<TraceOutput> outputs) {
    this.beautifier = beautifier;
    this.outputs = outputs;
    this.exitGroup = beautifier.number("exit_group");
    this.exit = beautifier.number("exit");
    this.sigkill = signalNumber("SIGKILL");
  }

  private int signalNumber(String name) {
    for (int s = 1; s < 64; s++) {
      if (beautifier.signalName(s).equals(name)) return s;
    }
    return -1;
  }

  /**
   * The status of the traced command by pid, once it ended: {@code 128+N} when signal N killed it
   * (as the shell and Java report it).
   */
  void commandStatus(IntFunction<OptionalInt> status) {
    this.commandStatus = status;
  }

  /** Whether the sample is one of the signal tracepoints (taken here, printed as strace does). */
  boolean take(TracepointSample t) throws IOException {
    String name = t.name();
    if (name.equals("signal:signal_generate")) {
      generate(t.payload(), t.pid());
      return true;
    }
    if (name.equals("signal:signal_deliver")) {
      deliver(t);
      return true;
    }
    return false;
  }

  private void generate(RawPayload p, int senderPid) {
    int sig = (int) number(p, "sig");
    int result = (int) number(p, "result");
    if (result != 0) {
      return; // ignored, already pending, or lost: nothing will be delivered for it
    }
    int target = (int) number(p, "pid");
    generated.put(target, new int[] {sig, (int) number(p, "code"), senderPid, uidOf(senderPid)});
  }

  private void deliver(TracepointSample t) throws IOException {
    RawPayload p = t.payload();
    int sig = (int) number(p, "sig");
    int[] gen = generated.get(t.tid());
    if (gen == null) gen = generated.get(t.pid());
    if (sig == sigkill) {
      // a fatal signal for the whole process: the one generated for it, if seen
      int killer = gen != null ? gen[0] : sig;
      if (killedBy.get(t.pid()) == null) killedBy.put(t.pid(), new int[] {killer});
      return;
    }
    if (gen != null && gen[0] == sig) {
      generated.remove(t.tid());
      generated.remove(t.pid());
    } else {
      gen = null;
    }
    if (number(p, "sa_handler") == 0 && dumpsCore(sig)) {
      killedBy.put(t.pid(), new int[] {sig}); // a default action that ends the process
    }
    String signal = beautifier.signalName(sig);
    int code = (int) number(p, "code");
    int[] child = gen == null && signal.equals("SIGCHLD") ? endedChildren.remove(t.pid()) : null;
    SignalInfo info =
        new SignalInfo(
            signal,
            SignalInfo.codeName(signal, code),
            gen != null ? gen[2] : child != null ? child[0] : -1,
            gen == null ? -1 : gen[3],
            child != null && code == CLD_EXITED ? child[1] : -1);
    for (TraceOutput o : outputs) {
      o.signal(t.time(), t.pid(), t.tid(), info);
    }
  }

  /** Signals whose default action dumps core (they are delivered, not turned into SIGKILL). */
  private boolean dumpsCore(int sig) {
    return switch (beautifier.signalName(sig)) {
      case "SIGQUIT",
          "SIGILL",
          "SIGTRAP",
          "SIGABRT",
          "SIGBUS",
          "SIGFPE",
          "SIGSEGV",
          "SIGSYS",
          "SIGXCPU",
          "SIGXFSZ" ->
          true;
      default -> false;
    };
  }

  /** Notes the status of an exit_group (or a lone thread's exit). */
  void entered(SyscallEnter e) {
    if (!e.compat() && (e.nr() == exitGroup || (e.nr() == exit && e.tid() == e.pid()))) {
      exitCodes.put(e.pid(), new int[] {(int) (e.args()[0] & 0xff)});
    }
  }

  /** A task ended: when it is a process's leader, the process's {@code +++} line. */
  void exited(TaskExit x) throws IOException {
    if (x.tid() != x.pid()) {
      return;
    }
    int[] code = exitCodes.remove(x.pid());
    int[] killer = killedBy.remove(x.pid());
    generated.remove(x.pid());
    // the command's own status is the truth (a SIGTERM from outside shows here as SIGKILL)
    OptionalInt status = commandStatus.apply(x.pid());
    ProcessEnd end;
    if (status.isPresent()) {
      int s = status.getAsInt();
      end =
          s > 128 && code == null
              ? new ProcessEnd(-1, beautifier.signalName(s - 128))
              : new ProcessEnd(code != null ? code[0] : s, null);
    } else if (killer != null) {
      end = new ProcessEnd(-1, beautifier.signalName(killer[0]));
    } else {
      end = new ProcessEnd(code != null ? code[0] : -1, null);
    }
    // its SIGCHLD to the parent is generated after its own events are gone: remember who it was
    endedChildren.put(x.ppid(), new int[] {x.pid(), end.signal() == null ? end.exitCode() : -1});
    for (TraceOutput o : outputs) {
      o.processEnded(x.time(), x.pid(), x.tid(), end);
    }
  }

  private static long number(RawPayload p, String field) {
    FieldFormat f = p.format().field(field);
    return f == null ? 0 : p.number(f, 0);
  }

  /** The real uid of a (sender) process from /proc, or -1 when it is gone. */
  private static int uidOf(int pid) {
    try {
      for (String l : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
        if (l.startsWith("Uid:")) {
          return Integer.parseInt(l.substring(4).strip().split("\\s+")[0]);
        }
      }
    } catch (IOException | RuntimeException gone) {
      return -1;
    }
    return -1;
  }
}
