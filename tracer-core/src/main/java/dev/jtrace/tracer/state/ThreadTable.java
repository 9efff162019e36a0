package dev.jtrace.tracer.state;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * tid → (pid, comm), fed by COMM and FORK records in time order. A task seen before any record
 * about it existed before tracing began: its comm is read once from /proc, the only source for it.
 */
public final class ThreadTable {
  private record Task(int pid, String comm) {}

  /** Ended tasks kept for their comms (wait4's return names the child it reaped): the latest. */
  static final int ENDED_KEPT = 4096;

  private final Map<Integer, Task> tasks = new HashMap<>();

  /** Tasks that ended, oldest first, at most {@link #ENDED_KEPT} (under -a thousands end). */
  private final Map<Integer, Task> ended =
      new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Integer, Task> eldest) {
          return size() > ENDED_KEPT;
        }
      };

  private final boolean readProc;

  /**
   * The last answer of {@link #comm(int)} and its tid (-1: none): lines come mostly from one thread
   * in a row. Every change of a task forgets it.
   */
  private int lastCommTid = -1;

  private String lastComm;

  /** The tid of the previous {@link #seen} call: consecutive events mostly come from one thread. */
  private int lastSeen = -1;

  /** readProc: whether unknown tasks may be looked up in /proc (false in tests and replays). */
  public ThreadTable(boolean readProc) {
    this.readProc = readProc;
  }

  public void comm(int pid, int tid, String comm) {
    lastCommTid = -1;
    tasks.put(tid, new Task(pid, comm));
  }

  /** A new task inherits its creator's comm. */
  public void fork(int pid, int tid, int ptid) {
    String parent = comm(ptid);
    lastCommTid = -1;
    tasks.put(tid, new Task(pid, parent));
  }

  /** Records that tid belongs to pid (from a sample), keeping a known comm. */
  public void seen(int pid, int tid) {
    if (tid == lastSeen) {
      return;
    }
    lastSeen = tid;
    if (!tasks.containsKey(tid)) {
      lastCommTid = -1;
      tasks.put(tid, new Task(pid, readProc ? procComm(pid, tid) : null));
    }
  }

  /**
   * Reads the comm of every thread of a process that exists before tracing begins: read later, when
   * its first event is printed, a short-lived process would be gone and its comm lost.
   */
  public void snapshot(int pid) {
    Path taskDir = Path.of("/proc", Integer.toString(pid), "task");
    try (var threads = Files.newDirectoryStream(taskDir)) {
      for (Path t : threads) {
        int tid;
        try {
          tid = Integer.parseInt(t.getFileName().toString());
        } catch (NumberFormatException e) {
          continue;
        }
        String c = procComm(pid, tid);
        if (c != null) {
          lastCommTid = -1;
          tasks.putIfAbsent(tid, new Task(pid, c));
        }
      }
    } catch (IOException | RuntimeException e) {
      // the process ended meanwhile: nothing to remember
    }
  }

  /**
   * The task ended: it is kept among the last {@link #ENDED_KEPT} ended ones, which still name it
   * (its parent's wait4 comes later), until a task that reuses the tid has its own record.
   */
  public void exit(int tid) {
    lastCommTid = -1;
    Task t = tasks.remove(tid);
    if (t != null) {
      ended.remove(tid);
      ended.put(tid, t);
    }
    if (tid == lastSeen) {
      lastSeen = -1;
    }
  }

  /** The task's comm, or null when unknown. */
  public String comm(int tid) {
    if (tid == lastCommTid) {
      return lastComm;
    }
    Task t = tasks.get(tid);
    if (t == null) {
      t = ended.get(tid);
    }
    if (t != null) {
      lastCommTid = tid;
      lastComm = t.comm;
      return t.comm;
    }
    if (!readProc) {
      return null;
    }
    String c = procComm(tid, tid);
    lastCommTid = -1;
    tasks.put(tid, new Task(tid, c));
    return c;
  }

  private static String procComm(int pid, int tid) {
    try {
      return Files.readString(
              Path.of("/proc", Integer.toString(pid), "task", Integer.toString(tid), "comm"))
          .strip();
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
