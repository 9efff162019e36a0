package dev.jtrace.tracer.state;

import dev.jtrace.beauty.ByteText;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * Per-process fd → path, updated from the traced syscalls' own results in time order, so a path is
 * the one the fd had at the moment of the call. Fds that existed before tracing come from a /proc
 * snapshot taken before the events were enabled ({@link #snapshot}). An fd known neither way
 * (pipe's, whose numbers are in user memory, or one opened by a call outside -e) prints as a bare
 * number: reading /proc later, when the line is printed, can name a different file that reused the
 * number. Only a table made with {@code lazyProc} (for replays of a still running system, tests)
 * looks such fds up late. Threads share their process's table; fork copies it.
 */
public final class FdTable {
  /**
   * F_DUPFD, F_SETFD, F_DUPFD_CLOEXEC and FD_CLOEXEC from fcntl.h (same on every arch jtrace
   * knows).
   */
  private static final int F_DUPFD = 0;

  private static final int F_SETFD = 2;
  private static final int F_DUPFD_CLOEXEC = 1030;

  /**
   * One open fd: its path and whether exec closes it; fromProc when read lazily from /proc (a
   * guess, re-read after exec) rather than seen opened or snapshotted before tracing began.
   */
  record Entry(String path, boolean cloexec, boolean fromProc) {}

  private static final Entry CLOSED = new Entry(null, false, false);

  /**
   * What an fd prints as after records were lost ({@code 0<?>}): the lost calls may have closed or
   * replaced it, so its old path is not printed as if known.
   */
  public static final String UNKNOWN_PATH = "?";

  private static final Entry UNKNOWN = new Entry(UNKNOWN_PATH, false, false);

  private final Map<Integer, Map<Integer, Entry>> processes = new HashMap<>();
  private final FdSyscalls syscalls;
  private final ProcFds proc;
  private final boolean lazyProc;

  /** Reads an fd's target from /proc; tests replace it. */
  @FunctionalInterface
  public interface ProcFds {
    String readlink(int pid, int fd);

    ProcFds NONE = (pid, fd) -> null;

    /** The link's target as a {@link ByteText} byte string, the bytes as the kernel gave them. */
    ProcFds LIVE =
        (pid, fd) -> {
          try {
            return linkBytes(
                Files.readSymbolicLink(
                    Path.of("/proc", Integer.toString(pid), "fd", Integer.toString(fd))));
          } catch (IOException | RuntimeException e) {
            return null;
          }
        };
  }

  /**
   * A link target's bytes. Path.toString decodes them (a 0xff byte becomes U+FFFD); its URI form
   * percent-encodes the raw bytes instead, so non-ASCII targets are read back from there.
   */
  static String linkBytes(Path target) {
    String decoded = target.toString();
    if (!target.isAbsolute() || decoded.chars().allMatch(c -> c < 0x80)) {
      return decoded;
    }
    String raw = target.toUri().getRawPath();
    StringBuilder b = new StringBuilder(raw.length());
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '%' && i + 2 < raw.length()) {
        b.append((char) Integer.parseInt(raw, i + 1, i + 3, 16));
        i += 2;
      } else {
        b.append(c);
      }
    }
    // toUri marks a directory with a trailing slash the link does not have.
    if (b.length() > 1 && b.charAt(b.length() - 1) == '/' && !decoded.endsWith("/")) {
      b.setLength(b.length() - 1);
    }
    return b.toString();
  }

  /**
   * A table that looks unknown fds up in proc when first asked (a replay passes {@link
   * ProcFds#NONE}).
   */
  /** The fd rules this table applies. */
  public FdSyscalls syscalls() {
    return syscalls;
  }

  public FdTable(FdSyscalls syscalls, ProcFds proc) {
    this(syscalls, proc, true);
  }

  /**
   * @param proc reads /proc for {@link #snapshot} (and late lookups when lazyProc)
   * @param lazyProc whether an unknown fd is looked up in /proc when first asked about
   */
  public FdTable(FdSyscalls syscalls, ProcFds proc, boolean lazyProc) {
    this.syscalls = syscalls;
    this.proc = proc;
    this.lazyProc = lazyProc;
  }

  private Map<Integer, Entry> process(int pid) {
    Map<Integer, Entry> fds = fdsOf(pid);
    if (fds == null) {
      fds = new HashMap<>();
      processes.put(pid, fds);
      lastPid = Integer.MIN_VALUE;
    }
    return fds;
  }

  /**
   * The last process looked up and its fds (null: none): most lookups in a row are one process's.
   */
  private int lastPid = Integer.MIN_VALUE;

  private Map<Integer, Entry> lastFds;

  private Map<Integer, Entry> fdsOf(int pid) {
    if (pid != lastPid) {
      lastFds = processes.get(pid);
      lastPid = pid;
    }
    return lastFds;
  }

  /**
   * The path of an fd in a process an argument names (kcmp's pids), which the trace may not follow:
   * the table's answer, else /proc read now.
   */
  public String pathOrProc(int pid, int fd) {
    String p = path(pid, fd);
    return p != null || fd < 0 ? p : proc.readlink(pid, fd);
  }

  /** The path of fd in pid at this point of the trace ({@link ByteText} bytes), or null. */
  public String path(int pid, int fd) {
    if (fd < 0) {
      return null;
    }
    Map<Integer, Entry> fds = fdsOf(pid);
    Entry e = fds == null ? null : fds.get(fd);
    if (e == null) {
      if (!lazyProc) {
        return null; // and no table for a process only asked about (under -a: many)
      }
      String p = proc.readlink(pid, fd);
      e = p == null ? CLOSED : new Entry(p, false, true);
      process(pid).put(fd, e);
    }
    return e.path;
  }

  /**
   * Takes the fds a process has before tracing begins (the workload while stopped, -p targets),
   * with their CLOEXEC flags, so they stay known after the process execs or exits.
   */
  public void snapshot(int pid) {
    Path dir = Path.of("/proc", Integer.toString(pid), "fd");
    Map<Integer, Entry> fds = process(pid);
    try (var s = Files.list(dir)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        int fd;
        try {
          fd = Integer.parseInt(p.getFileName().toString());
        } catch (NumberFormatException e) {
          continue;
        }
        String path = proc.readlink(pid, fd);
        if (path != null) {
          fds.put(fd, new Entry(path, cloexec(pid, fd), false));
        }
      }
    } catch (IOException | RuntimeException e) {
      // process gone or not readable: lazy lookups remain
    }
  }

  /** Whether /proc/PID/fdinfo/FD has O_CLOEXEC (octal 02000000) in its flags. */
  private static boolean cloexec(int pid, int fd) {
    try {
      for (String line :
          Files.readAllLines(
              Path.of("/proc", Integer.toString(pid), "fdinfo", Integer.toString(fd)))) {
        if (line.startsWith("flags:")) {
          return (Long.parseLong(line.substring(6).trim(), 8) & 02000000L) != 0;
        }
      }
    } catch (IOException | RuntimeException e) {
      return false;
    }
    return false;
  }

  /** A new process: a copy of its parent's table (fork without CLONE_FILES). */
  public void fork(int parentPid, int childPid) {
    Map<Integer, Entry> parent = processes.get(parentPid);
    if (parent != null && parentPid != childPid) {
      processes.put(childPid, new HashMap<>(parent));
      lastPid = Integer.MIN_VALUE;
    }
  }

  /**
   * Records were lost: any of them may have changed any process's fds, so every fd known so far
   * becomes {@link #UNKNOWN_PATH} until a later call (open, dup, close) names it again.
   */
  public void lost() {
    for (Map<Integer, Entry> fds : processes.values()) {
      fds.replaceAll((fd, e) -> e == CLOSED ? e : UNKNOWN);
    }
  }

  /** Like {@link #lost()} for one process: a call of it was seen out of time order. */
  public void lost(int pid) {
    Map<Integer, Entry> fds = processes.get(pid);
    if (fds != null) {
      fds.replaceAll((fd, e) -> e == CLOSED ? e : UNKNOWN);
    }
  }

  /**
   * After a loss, the process's open fds as /proc showed them at this point of the trace: each fd
   * still {@link #UNKNOWN_PATH} takes its name from there, or is closed when /proc does not list
   * it. A listed fd with a null path changed while /proc was read: it stays as it is. Names the
   * trace learned since the loss are kept (they are exact). Re-learned names are re-read after an
   * exec, as lazily read ones are.
   */
  public void relearn(int pid, Map<Integer, String> present) {
    Map<Integer, Entry> fds = processes.get(pid);
    if (fds == null) {
      return;
    }
    fds.replaceAll((fd, e) -> e != UNKNOWN || present.containsKey(fd) ? e : CLOSED);
    present.forEach(
        (fd, path) -> {
          Entry e = fds.get(fd);
          if (path != null && (e == null || e == UNKNOWN)) {
            fds.put(fd, new Entry(path, false, true));
          }
        });
  }

  /** The process ended: forget its table. */
  public void exit(int pid) {
    processes.remove(pid);
    lastPid = Integer.MIN_VALUE;
  }

  /**
   * The two fds a successful pipe, pipe2 or socketpair wrote into user memory, as the capture
   * copied them, named as the kernel names them: {@code pipe:[1234]}, {@code socket:[1234]} read
   * from /proc now, or {@code pipe:[?]} when the process has already closed or replaced the fd (a
   * shell's pipe ends go at once).
   */
  /**
   * Records fds the process received from another (SCM_RIGHTS at recvmsg's exit), named by
   * /proc/PID/fd now; one that no longer names a file is left unknown.
   */
  public void received(int pid, int[] fds) {
    if (fds.length == 0) {
      return;
    }
    Map<Integer, Entry> table = process(pid);
    for (int fd : fds) {
      String path = fd >= 0 ? proc.readlink(pid, fd) : null;
      if (path != null) {
        table.put(fd, new Entry(path, false, false));
      }
    }
  }

  public void openedPair(int pid, int nr, long[] args, int[] newFds) {
    FdSyscalls.Rule rule = syscalls.rule(nr);
    if (rule == null
        || (rule.effect() != FdSyscalls.Effect.NEW_PIPE
            && rule.effect() != FdSyscalls.Effect.NEW_SOCKET_PAIR)) {
      return;
    }
    String kind = rule.effect() == FdSyscalls.Effect.NEW_PIPE ? "pipe:" : "socket:";
    boolean cloexec =
        args != null
            && rule.cloexecArg() >= 0
            && (args[rule.cloexecArg()] & rule.cloexecMask()) != 0;
    Map<Integer, Entry> fds = process(pid);
    for (int fd : newFds) {
      if (fd >= 0) {
        String path = proc.readlink(pid, fd);
        fds.put(
            fd,
            new Entry(path != null && path.startsWith(kind) ? path : kind + "[?]", cloexec, false));
      }
    }
  }

  /**
   * Applies a completed syscall. newFdPath is the path resolved when the return was decoded (for
   * NEW_FD calls), args may be null when the entry was not seen.
   */
  public void apply(int pid, int nr, long[] args, long ret, String newFdPath) {
    FdSyscalls.Rule rule = syscalls.rule(nr);
    if (rule == null || ret < 0) {
      return;
    }
    Map<Integer, Entry> fds = process(pid);
    switch (rule.effect()) {
      case NEW_FD -> {
        boolean cloexec =
            args != null
                && rule.cloexecArg() >= 0
                && (args[rule.cloexecArg()] & rule.cloexecMask()) != 0;
        fds.put((int) ret, new Entry(newFdPath, cloexec, false));
      }
      case DUP -> {
        if (args != null) {
          fds.put((int) ret, new Entry(path(pid, (int) args[0]), false, false));
        }
      }
      case DUP_TO -> {
        if (args != null) {
          boolean cloexec =
              rule.cloexecArg() >= 0 && (args[rule.cloexecArg()] & rule.cloexecMask()) != 0;
          fds.put((int) args[1], new Entry(path(pid, (int) args[0]), cloexec, false));
        }
      }
      case FCNTL -> {
        if (args == null) {
          return;
        }
        int cmd = (int) args[1];
        if (cmd == F_DUPFD || cmd == F_DUPFD_CLOEXEC) {
          fds.put((int) ret, new Entry(path(pid, (int) args[0]), cmd == F_DUPFD_CLOEXEC, false));
        } else if (cmd == F_SETFD) {
          String p = path(pid, (int) args[0]);
          if (p != null) {
            fds.put((int) args[0], new Entry(p, (args[2] & 1) != 0, false));
          }
        }
      }
      case CLOSE -> {
        if (args != null) {
          fds.put((int) args[0], CLOSED);
        }
      }
      case CLOSE_RANGE -> {
        if (args != null) {
          long lo = args[0] & 0xffffffffL;
          long hi = args[1] & 0xffffffffL;
          fds.keySet().removeIf(fd -> fd >= lo && fd <= hi);
          for (long fd = lo; fd <= Math.min(hi, lo + 1024); fd++) {
            fds.put((int) fd, CLOSED);
          }
        }
      }
      case NEW_PIPE, NEW_SOCKET_PAIR -> {} // the fds are in user memory: openedPair
      case EXEC -> {
        // CLOEXEC fds we saw opened go; fds read from /proc are re-read after the exec.
        Iterator<Entry> it = fds.values().iterator();
        while (it.hasNext()) {
          Entry e = it.next();
          if (e.cloexec || e.fromProc || e == CLOSED) {
            it.remove();
          }
        }
      }
    }
  }
}
