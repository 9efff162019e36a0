package dev.jtrace.tracer.state;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * tid → (pid, comm), fed by COMM and FORK records in time order. A task seen before any record
 * about it existed before tracing began: its comm is read once from /proc, the only source for it.
 */
public final class ThreadTable {
  private record Task(int pid, String comm) {}

  private final Map<Integer, Task> tasks = new HashMap<>();
  private final boolean readProc;

  /** The tid of the previous {@link #seen} call: consecutive events mostly come from one thread. */
  private int lastSeen = -1;

  /** readProc: whether unknown tasks may be looked up in /proc (false in tests and replays). */
  public ThreadTable(boolean readProc) {
    this.readProc = readProc;
  }

  public void comm(int pid, int tid, String comm) {
    tasks.put(tid, new Task(pid, comm));
  }

  /** A new task inherits its creator's comm. */
  public void fork(int pid, int tid, int ptid) {
    String parent = comm(ptid);
    tasks.put(tid, new Task(pid, parent));
  }

  /** Records that tid belongs to pid (from a sample), keeping a known comm. */
  public void seen(int pid, int tid) {
    if (tid == lastSeen) {
      return;
    }
    lastSeen = tid;
    if (!tasks.containsKey(tid)) {
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
          tasks.putIfAbsent(tid, new Task(pid, c));
        }
      }
    } catch (IOException | RuntimeException e) {
      // the process ended meanwhile: nothing to remember
    }
  }

  /** The task ended: forget it (its tid may be reused, by a task with its own comm). */
  public void exit(int tid) {
    tasks.remove(tid);
    if (tid == lastSeen) {
      lastSeen = -1;
    }
  }

  /** The task's comm, or null when unknown. */
  public String comm(int tid) {
    Task t = tasks.get(tid);
    if (t != null) {
      return t.comm;
    }
    if (!readProc) {
      return null;
    }
    String c = procComm(tid, tid);
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
