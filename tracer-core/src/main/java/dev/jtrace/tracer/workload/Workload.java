package dev.jtrace.tracer.workload;

import dev.jtrace.tracer.perf.NativeCalls;
import dev.jtrace.tracer.perf.PerfException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The command after {@code --}, started stopped so the events can be opened on its pid before it
 * runs.
 *
 * <p>Java cannot run code between fork and exec, so the child is {@code /bin/sh -c 'kill -STOP $$
 * && exec "$@"'}: it stops itself; the tracer opens its events on the stopped pid with inherit and
 * enable_on_exec, then sends SIGCONT. The events switch on inside the workload's execve, exactly as
 * perf's own fork+exec does, so none of the shell's own syscalls are traced.
 */
public final class Workload {
  private static final int SIGTERM = 15;
  private static final int SIGCONT = 18;
  private static final String STOP_THEN_EXEC = "kill -STOP $$ && exec \"$@\"";
  private static final String STOP_THEN_EXEC_STDOUT_TO_STDERR = STOP_THEN_EXEC + " >&2";

  private final Process process;

  private Workload(Process process) {
    this.process = process;
  }

  /** Starts argv stopped; stdin, stdout and stderr are jtrace's. */
  public static Workload startStopped(List<String> argv) throws IOException {
    return start(STOP_THEN_EXEC, argv);
  }

  /**
   * Starts argv stopped with its stdout on jtrace's stderr: jtrace's stdout carries data (perf.data
   * to a pipe), which the workload's prints must not corrupt. perf record does the same (dup2(2,
   * 1)).
   */
  public static Workload startStoppedStdoutToStderr(List<String> argv) throws IOException {
    return start(STOP_THEN_EXEC_STDOUT_TO_STDERR, argv);
  }

  private static Workload start(String script, List<String> argv) throws IOException {
    checkRunnable(argv.getFirst(), System.getenv("PATH"));
    List<String> cmd = new ArrayList<>(List.of("/bin/sh", "-c", script, "sh"));
    cmd.addAll(argv);
    Process p = new ProcessBuilder(cmd).inheritIO().start();
    Path stat = Path.of("/proc", Long.toString(p.pid()), "stat");
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (true) {
      if (!p.isAlive()) {
        throw new IOException("workload " + argv.getFirst() + " exited before it could be traced");
      }
      if (state(stat) == 'T') {
        return new Workload(p);
      }
      if (System.nanoTime() > deadline) {
        p.destroyForcibly();
        throw new IOException(
            "workload " + argv.getFirst() + " did not stop for tracing within 10 s");
      }
      Thread.onSpinWait();
      try {
        Thread.sleep(0, 200_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while starting the workload");
      }
    }
  }

  /**
   * Fails as execvp(3) would, before anything is started or created: the shell's own exec would
   * fail only after the events are open and the output file written, which looked like a trace of a
   * workload that did nothing (perf forks first and reports the exec's errno the same way).
   */
  static void checkRunnable(String command, String path) throws IOException {
    if (command.contains("/")) {
      String problem = unrunnable(Path.of(command));
      if (problem != null) {
        throw new IOException("cannot run " + command + ": " + problem);
      }
      return;
    }
    String problem = "No such file or directory";
    for (String dir : (path != null ? path : "/bin:/usr/bin").split(":", -1)) {
      String p = unrunnable(Path.of(dir.isEmpty() ? "." : dir, command));
      if (p == null) {
        return;
      }
      if (!p.equals(problem)) {
        problem = p; // execvp reports EACCES when some candidate exists but cannot be run
      }
    }
    throw new IOException("cannot run " + command + ": " + problem);
  }

  /** Why execve(2) of the file would fail (strerror's words), or null when it can run. */
  private static String unrunnable(Path file) {
    if (!Files.exists(file)) {
      return "No such file or directory";
    }
    if (!Files.isRegularFile(file) || !Files.isExecutable(file)) {
      return "Permission denied";
    }
    return null;
  }

  /** The state letter of /proc/PID/stat (after the parenthesised comm), or '?'. */
  static char state(Path stat) {
    try {
      String s = Files.readString(stat);
      int close = s.lastIndexOf(')');
      return close > 0 && close + 2 < s.length() ? s.charAt(close + 2) : '?';
    } catch (IOException e) {
      return '?';
    }
  }

  public int pid() {
    return (int) process.pid();
  }

  /** Lets the stopped child run on into its exec. */
  public void resume() throws PerfException {
    NativeCalls.kill(pid(), SIGCONT);
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** Asks a still running workload to end (SIGTERM) and resumes it if stopped. */
  public void terminate() {
    if (process.isAlive()) {
      try {
        NativeCalls.kill(pid(), SIGTERM);
        NativeCalls.kill(pid(), SIGCONT);
      } catch (PerfException ignored) {
        // already gone
      }
    }
  }

  /** Waits up to ms milliseconds for the end; returns whether it ended. */
  public boolean awaitExit(long ms) throws InterruptedException {
    return process.waitFor(ms, TimeUnit.MILLISECONDS);
  }

  /**
   * Waits for the end and returns the exit status (128+signal when killed, as the shell reports).
   */
  public int waitFor() throws InterruptedException {
    return process.waitFor();
  }
}
