package dev.jtrace.tracer.workload;

import dev.jtrace.tracer.options.TraceOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Whom a run traces, resolved against /proc before anything is opened: the existing tasks (-p, -t,
 * -u), or every task (system-wide: -a, -C, or as perf does when neither a target nor a command is
 * given). A command alone is the target itself (its pid is added when it starts); a command next to
 * a target only sets how long the run lasts, and is not traced (perf trace -p PID -- sleep 2 does
 * the same).
 *
 * @param systemWide every task but the excluded ones
 * @param tids the existing tasks to attach to (empty when system-wide or when only the command is
 *     traced)
 * @param excluded tasks the kernel filter drops: --filter-pids, and jtrace with its ancestors
 *     system-wide
 * @param snapshotPids processes whose comms and open fds are read before tracing begins
 * @param singleThread only one thread can appear (one -t/-p thread with --no-inherit)
 * @param tracesCommand the command is the target
 */
public record Targets(
    boolean systemWide,
    List<Integer> tids,
    Set<Integer> excluded,
    Set<Integer> snapshotPids,
    boolean singleThread,
    boolean tracesCommand) {

  /** A target that does not exist; the message names the option. */
  public static final class NoSuchTarget extends IOException {
    NoSuchTarget(String message) {
      super(message);
    }
  }

  /** The targets of a live trace's options. */
  public static Targets resolve(TraceOptions options) throws NoSuchTarget {
    return builder()
        .pids(options.pids())
        .tids(options.tids())
        .user(options.user())
        .systemWide(options.systemWide())
        .filterPids(options.filterPids())
        .command(options.hasWorkload())
        .noInherit(options.noInherit())
        .resolve();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** What the command line asked for; {@link #resolve} looks the tasks up. */
  public static final class Builder {
    private List<Integer> pids = List.of();
    private List<Integer> tids = List.of();
    private String user;
    private boolean systemWide;
    private List<Integer> filterPids = List.of();
    private boolean command;
    private boolean noInherit;

    private Builder() {}

    /** -p: existing processes, with all their threads. */
    public Builder pids(List<Integer> pids) {
      this.pids = pids;
      return this;
    }

    /** -t: existing threads. */
    public Builder tids(List<Integer> tids) {
      this.tids = tids;
      return this;
    }

    /** -u: a user name or uid whose processes are traced (null: none). */
    public Builder user(String user) {
      this.user = user;
      return this;
    }

    /** -a or -C: every task. */
    public Builder systemWide(boolean systemWide) {
      this.systemWide = systemWide;
      return this;
    }

    /** --filter-pids: processes the kernel drops. */
    public Builder filterPids(List<Integer> filterPids) {
      this.filterPids = filterPids;
      return this;
    }

    /** Whether a command is given after {@code --}. */
    public Builder command(boolean command) {
      this.command = command;
      return this;
    }

    /** --no-inherit: children are not followed. */
    public Builder noInherit(boolean noInherit) {
      this.noInherit = noInherit;
      return this;
    }

    public Targets resolve() throws NoSuchTarget {
      boolean named = !pids.isEmpty() || !tids.isEmpty() || user != null;
      boolean everyTask = systemWide || (!named && !command);
      Set<Integer> excluded = new LinkedHashSet<>();
      for (int p : filterPids) {
        excluded.add(p);
        excluded.addAll(ProcTasks.threadsOf(p));
      }
      List<Integer> found = new ArrayList<>();
      Set<Integer> snapshot = new LinkedHashSet<>();
      if (everyTask) {
        excluded.addAll(ProcTasks.threadsOfAll(ProcTasks.selfAndAncestors()));
        snapshot.addAll(ProcTasks.allProcesses());
        snapshot.removeAll(ProcTasks.selfAndAncestors());
      } else if (!pids.isEmpty()) {
        for (int p : pids) {
          List<Integer> t = ProcTasks.threadsOf(p);
          if (t.isEmpty()) {
            throw new NoSuchTarget("-p: no such process " + p);
          }
          found.addAll(t);
          snapshot.add(p);
        }
      } else if (!tids.isEmpty()) {
        for (int t : tids) {
          if (!Files.isDirectory(Path.of("/proc", Integer.toString(t)))) {
            throw new NoSuchTarget("-t: no such thread " + t);
          }
          found.add(t);
          snapshot.add(ProcTasks.processOf(t));
        }
      } else if (user != null) {
        int uid = ProcTasks.resolveUser(user);
        if (uid < 0) {
          throw new NoSuchTarget("-u: no such user " + user);
        }
        Set<Integer> mine = ProcTasks.selfAndAncestors();
        for (int p : ProcTasks.processesOf(uid)) {
          if (!mine.contains(p)) {
            found.addAll(ProcTasks.threadsOf(p));
            snapshot.add(p);
          }
        }
        if (found.isEmpty()) {
          throw new NoSuchTarget("-u: user " + user + " has no processes");
        }
      }
      boolean singleThread = !everyTask && found.size() == 1 && noInherit;
      return new Targets(
          everyTask, List.copyOf(found), excluded, snapshot, singleThread, !everyTask && !named);
    }
  }
}
