package dev.jtrace.tracer.state;

import java.util.HashMap;
import java.util.Map;
import java.util.function.ToIntFunction;

/**
 * The syscalls that change a process's fd table, by number for one arch (numbers come from the beautifier's
 * name table), with how each one does it.
 */
public final class FdSyscalls {
  /** What a syscall does to the fd table. */
  public enum Effect {
    /** Returns a new fd for a path or object; {@code cloexecArg}/{@code cloexecMask} say how CLOEXEC is asked. */
    NEW_FD,
    /** Returns a copy of fd arg0 (dup). */
    DUP,
    /** Makes arg1 a copy of arg0 and returns it (dup2, dup3). */
    DUP_TO,
    /** fcntl: F_DUPFD / F_DUPFD_CLOEXEC copy, F_SETFD sets CLOEXEC. */
    FCNTL,
    /** Closes fd arg0. */
    CLOSE,
    /** Closes the range arg0..arg1 (close_range). */
    CLOSE_RANGE,
    /** Replaces the program: CLOEXEC fds go. */
    EXEC
  }

  /**
   * One syscall's effect, where its CLOEXEC request lives (arg index, bit mask; -1 when none) and which
   * argument names the file it opens (-1 when none).
   */
  public record Rule(Effect effect, int cloexecArg, long cloexecMask, int pathArg) {}

  /** O_CLOEXEC, SOCK_CLOEXEC, EFD_CLOEXEC, … share this value on x86, arm and most arches. */
  public static final long O_CLOEXEC = 0x80000;

  private static final Map<String, Rule> BY_NAME = new HashMap<>();
  /** The argument that names the file an open-like call opens. */
  private static final Map<String, Integer> PATH_ARG =
      Map.of("open", 0, "creat", 0, "openat", 1, "openat2", 1);

  static {
    rule("open", Effect.NEW_FD, 1, O_CLOEXEC);
    rule("openat", Effect.NEW_FD, 2, O_CLOEXEC);
    rule("creat", Effect.NEW_FD, -1, 0);
    rule("openat2", Effect.NEW_FD, -1, 0);
    rule("open_by_handle_at", Effect.NEW_FD, 2, O_CLOEXEC);
    rule("socket", Effect.NEW_FD, 1, O_CLOEXEC);
    rule("accept", Effect.NEW_FD, -1, 0);
    rule("accept4", Effect.NEW_FD, 3, O_CLOEXEC);
    rule("eventfd", Effect.NEW_FD, -1, 0);
    rule("eventfd2", Effect.NEW_FD, 1, O_CLOEXEC);
    rule("memfd_create", Effect.NEW_FD, 1, 1);
    rule("memfd_secret", Effect.NEW_FD, 0, O_CLOEXEC);
    rule("timerfd_create", Effect.NEW_FD, 1, O_CLOEXEC);
    rule("signalfd", Effect.NEW_FD, -1, 0);
    rule("signalfd4", Effect.NEW_FD, 3, O_CLOEXEC);
    rule("epoll_create", Effect.NEW_FD, -1, 0);
    rule("epoll_create1", Effect.NEW_FD, 0, O_CLOEXEC);
    rule("inotify_init", Effect.NEW_FD, -1, 0);
    rule("inotify_init1", Effect.NEW_FD, 0, O_CLOEXEC);
    rule("fanotify_init", Effect.NEW_FD, 0, 1);
    rule("userfaultfd", Effect.NEW_FD, 0, O_CLOEXEC);
    rule("perf_event_open", Effect.NEW_FD, 4, 8);
    rule("pidfd_open", Effect.NEW_FD, -1, 0);
    rule("pidfd_getfd", Effect.NEW_FD, -1, 0);
    rule("io_uring_setup", Effect.NEW_FD, -1, 0);
    rule("fsopen", Effect.NEW_FD, 1, 1);
    rule("fsmount", Effect.NEW_FD, 1, 1);
    rule("open_tree", Effect.NEW_FD, 2, O_CLOEXEC);
    rule("bpf", Effect.NEW_FD, -1, 0);
    rule("dup", Effect.DUP, -1, 0);
    rule("dup2", Effect.DUP_TO, -1, 0);
    rule("dup3", Effect.DUP_TO, 2, O_CLOEXEC);
    rule("fcntl", Effect.FCNTL, -1, 0);
    rule("close", Effect.CLOSE, -1, 0);
    rule("close_range", Effect.CLOSE_RANGE, -1, 0);
    rule("execve", Effect.EXEC, -1, 0);
    rule("execveat", Effect.EXEC, -1, 0);
  }

  private static void rule(String name, Effect effect, int arg, long mask) {
    BY_NAME.put(name, new Rule(effect, arg, mask, PATH_ARG.getOrDefault(name, -1)));
  }

  private final Rule[] byNr;

  private FdSyscalls(Rule[] byNr) {
    this.byNr = byNr;
  }

  /** Resolves the rules through numberOf (name → nr, -1 when the arch lacks it). */
  public static FdSyscalls resolve(ToIntFunction<String> numberOf) {
    Rule[] t = new Rule[1024];
    BY_NAME.forEach(
        (name, rule) -> {
          int nr = numberOf.applyAsInt(name);
          if (nr >= 0 && nr < t.length) {
            t[nr] = rule;
          }
        });
    return new FdSyscalls(t);
  }

  /** The rule for nr, or null when the syscall leaves the fd table alone. */
  public Rule rule(int nr) {
    return nr >= 0 && nr < byNr.length ? byNr[nr] : null;
  }

  /** Names of the syscalls that return a new fd, any arch. */
  public static java.util.List<String> newFdNames() {
    return BY_NAME.entrySet().stream()
        .filter(e -> e.getValue().effect() == Effect.NEW_FD)
        .map(Map.Entry::getKey)
        .sorted()
        .toList();
  }

  /** Whether any rule resolved (the arch's names are known). */
  public boolean any() {
    for (Rule r : byNr) {
      if (r != null) {
        return true;
      }
    }
    return false;
  }

  /** The argument of nr that names the file it opens, or -1. */
  public int pathArg(int nr) {
    Rule r = rule(nr);
    return r == null ? -1 : r.pathArg();
  }

  /**
   * Whether nr closes fds or puts another file behind an existing number (close, close_range, dup2/dup3,
   * exec): a trace that misses such a call cannot tell which file a number names.
   */
  public boolean replacesFds(int nr) {
    Rule r = rule(nr);
    return r != null
        && switch (r.effect) {
          case CLOSE, CLOSE_RANGE, DUP_TO, EXEC -> true;
          case NEW_FD, DUP, FCNTL -> false;
        };
  }

  /** Whether nr returns a new fd whose path is worth resolving at once. */
  public boolean returnsNewFd(int nr) {
    Rule r = rule(nr);
    return r != null && r.effect == Effect.NEW_FD;
  }
}
