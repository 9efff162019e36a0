package dev.jtrace.tracer.workload;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/** What /proc says about tasks: a process's threads, a user's processes, jtrace's own ancestry. */
public final class ProcTasks {
  private ProcTasks() {}

  /** The tids of process pid, empty when it does not exist. */
  public static List<Integer> threadsOf(int pid) {
    List<Integer> out = new ArrayList<>();
    try (Stream<Path> s = Files.list(Path.of("/proc", Integer.toString(pid), "task"))) {
      s.forEach(p -> parse(p.getFileName().toString(), out));
    } catch (IOException e) {
      return List.of();
    }
    out.sort(null);
    return out;
  }

  /** The pids whose real uid is uid. */
  public static List<Integer> processesOf(int uid) {
    List<Integer> out = new ArrayList<>();
    for (int pid : allPids()) {
      if (uidOf(pid) == uid) {
        out.add(pid);
      }
    }
    return out;
  }

  /** Every process now. */
  public static List<Integer> allProcesses() {
    return allPids();
  }

  /** The process (tgid) a thread belongs to, or the tid itself when /proc does not say. */
  public static int processOf(int tid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Integer.toString(tid), "status"))) {
        if (line.startsWith("Tgid:")) {
          return Integer.parseInt(line.substring(5).trim());
        }
      }
    } catch (IOException | RuntimeException e) {
      return tid;
    }
    return tid;
  }

  private static List<Integer> allPids() {
    List<Integer> out = new ArrayList<>();
    try (Stream<Path> s = Files.list(Path.of("/proc"))) {
      s.forEach(p -> parse(p.getFileName().toString(), out));
    } catch (IOException e) {
      return List.of();
    }
    out.sort(null);
    return out;
  }

  private static void parse(String name, List<Integer> out) {
    if (!name.isEmpty() && name.chars().allMatch(Character::isDigit)) {
      out.add(Integer.parseInt(name));
    }
  }

  /** The real uid of pid, or -1. */
  static int uidOf(int pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Integer.toString(pid), "status"))) {
        if (line.startsWith("Uid:")) {
          return Integer.parseInt(line.substring(4).trim().split("\\s+")[0]);
        }
      }
    } catch (IOException | RuntimeException e) {
      return -1;
    }
    return -1;
  }

  /** The parent pid and comm of pid, or null. */
  static String[] parentAndComm(int pid) {
    try {
      String s = Files.readString(Path.of("/proc", Integer.toString(pid), "stat"));
      int open = s.indexOf('(');
      int close = s.lastIndexOf(')');
      String comm = s.substring(open + 1, close);
      String[] rest = s.substring(close + 2).split(" ");
      return new String[] {rest[1], comm};
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /**
   * jtrace's own process and its ancestors, up to and including the first sshd (or up to, not
   * including, init): tracing them system-wide would feed the trace back into itself.
   */
  public static Set<Integer> selfAndAncestors() {
    Set<Integer> out = new LinkedHashSet<>();
    int pid = (int) ProcessHandle.current().pid();
    while (pid > 1 && out.add(pid)) {
      String[] pc = parentAndComm(pid);
      if (pc == null || pc[1].equals("sshd") || pc[1].startsWith("sshd-")) {
        break;
      }
      pid = Integer.parseInt(pc[0]);
    }
    return out;
  }

  /** Every thread of every process in pids. */
  public static Set<Integer> threadsOfAll(Set<Integer> pids) {
    Set<Integer> out = new LinkedHashSet<>();
    for (int p : pids) {
      out.addAll(threadsOf(p));
    }
    return out;
  }

  /** uid of a user name or number, or -1. */
  public static int resolveUser(String user) {
    if (user.chars().allMatch(Character::isDigit) && !user.isEmpty()) {
      return Integer.parseInt(user);
    }
    try {
      for (String line : Files.readAllLines(Path.of("/etc/passwd"))) {
        String[] f = line.split(":");
        if (f.length > 2 && f[0].equals(user)) {
          return Integer.parseInt(f[2]);
        }
      }
    } catch (IOException | RuntimeException e) {
      return -1;
    }
    return -1;
  }
}
