package dev.jtrace.tracer.state;

import dev.jtrace.beauty.Arch;
import dev.jtrace.beauty.table.Table;
import dev.jtrace.beauty.table.Tables;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.ToIntFunction;

/**
 * The syscalls that change a process's fd table, by number for one arch (numbers come from the
 * beautifier's name table, CLOEXEC bits from the arch's generated tables), with how each one does
 * it.
 */
public final class FdSyscalls {
  /** What a syscall does to the fd table. */
  public enum Effect {
    /**
     * Returns a new fd for a path or object; {@code cloexecArg}/{@code cloexecMask} say how CLOEXEC
     * is asked.
     */
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
    EXEC,
    /**
     * Writes a pipe's two new fds into user memory (pipe, pipe2): known only where the capture
     * copied them ({@link FdTable#openedPair}).
     */
    NEW_PIPE,
    /** Writes a socket pair's two new fds into user memory, as {@link #NEW_PIPE}. */
    NEW_SOCKET_PAIR
  }

  /**
   * One syscall's effect, where its CLOEXEC request lives (arg index, bit mask; -1 when none) and
   * which argument names the file it opens (-1 when none).
   */
  public record Rule(Effect effect, int cloexecArg, long cloexecMask, int pathArg) {}

  /**
   * Where a CLOEXEC request's bit is defined: a generated table of the arch, or, for the header the
   * ABI snapshot does not hold (fanotify.h) and FSOPEN_CLOEXEC (no table), its UAPI value, the same
   * on every arch.
   */
  private record Cloexec(String table, String name, long untabled) {
    long value(Arch arch) {
      if (table == null) {
        return untabled;
      }
      Table t = Tables.get(table, arch);
      if (t == null) {
        throw new IllegalStateException("no generated table " + table); // a build defect
      }
      return t.value(name)
          .orElseThrow(() -> new IllegalStateException("table " + table + " has no " + name));
    }
  }

  /** SOCK_CLOEXEC, EFD_CLOEXEC, TFD_CLOEXEC, IN_CLOEXEC, … are O_CLOEXEC by definition. */
  private static final Cloexec O_CLOEXEC = new Cloexec("open_flags", "O_CLOEXEC", 0);

  private static final Cloexec PERF_FLAG_FD_CLOEXEC =
      new Cloexec("perf_event_open_flags", "PERF_FLAG_FD_CLOEXEC", 0);
  private static final Cloexec FSMOUNT_CLOEXEC = new Cloexec("fsmount_flags", "FSMOUNT_CLOEXEC", 0);
  private static final Cloexec MFD_CLOEXEC = new Cloexec("memfd_create_flags", "MFD_CLOEXEC", 0);
  private static final Cloexec FAN_CLOEXEC = new Cloexec(null, "FAN_CLOEXEC", 1);
  private static final Cloexec FSOPEN_CLOEXEC = new Cloexec(null, "FSOPEN_CLOEXEC", 1);
  private static final Cloexec NONE = new Cloexec(null, "", 0);

  /** A syscall's effect and where its CLOEXEC request lives (arg index, -1 when none). */
  private record Spec(Effect effect, int cloexecArg, Cloexec cloexec) {}

  private static final Map<String, Spec> BY_NAME = new HashMap<>();

  /** The argument that names the file an open-like call opens. */
  private static final Map<String, Integer> PATH_ARG =
      Map.of("open", 0, "creat", 0, "openat", 1, "openat2", 1);

  static {
    rule("open", Effect.NEW_FD, 1, O_CLOEXEC);
    rule("openat", Effect.NEW_FD, 2, O_CLOEXEC);
    rule("creat", Effect.NEW_FD, -1, NONE);
    rule("openat2", Effect.NEW_FD, -1, NONE);
    rule("open_by_handle_at", Effect.NEW_FD, 2, O_CLOEXEC);
    rule("socket", Effect.NEW_FD, 1, O_CLOEXEC);
    rule("accept", Effect.NEW_FD, -1, NONE);
    rule("accept4", Effect.NEW_FD, 3, O_CLOEXEC);
    rule("eventfd", Effect.NEW_FD, -1, NONE);
    rule("eventfd2", Effect.NEW_FD, 1, O_CLOEXEC);
    rule("memfd_create", Effect.NEW_FD, 1, MFD_CLOEXEC);
    rule("memfd_secret", Effect.NEW_FD, 0, O_CLOEXEC);
    rule("timerfd_create", Effect.NEW_FD, 1, O_CLOEXEC);
    rule("signalfd", Effect.NEW_FD, -1, NONE);
    rule("signalfd4", Effect.NEW_FD, 3, O_CLOEXEC);
    rule("epoll_create", Effect.NEW_FD, -1, NONE);
    rule("epoll_create1", Effect.NEW_FD, 0, O_CLOEXEC);
    rule("inotify_init", Effect.NEW_FD, -1, NONE);
    rule("inotify_init1", Effect.NEW_FD, 0, O_CLOEXEC);
    rule("fanotify_init", Effect.NEW_FD, 0, FAN_CLOEXEC);
    rule("userfaultfd", Effect.NEW_FD, 0, O_CLOEXEC);
    rule("perf_event_open", Effect.NEW_FD, 4, PERF_FLAG_FD_CLOEXEC);
    rule("pidfd_open", Effect.NEW_FD, -1, NONE);
    rule("pidfd_getfd", Effect.NEW_FD, -1, NONE);
    rule("io_uring_setup", Effect.NEW_FD, -1, NONE);
    rule("fsopen", Effect.NEW_FD, 1, FSOPEN_CLOEXEC);
    rule("fsmount", Effect.NEW_FD, 1, FSMOUNT_CLOEXEC);
    rule("open_tree", Effect.NEW_FD, 2, O_CLOEXEC);
    rule("bpf", Effect.NEW_FD, -1, NONE);
    rule("pipe", Effect.NEW_PIPE, -1, NONE);
    rule("pipe2", Effect.NEW_PIPE, 1, O_CLOEXEC);
    rule("socketpair", Effect.NEW_SOCKET_PAIR, 1, O_CLOEXEC);
    rule("dup", Effect.DUP, -1, NONE);
    rule("dup2", Effect.DUP_TO, -1, NONE);
    rule("dup3", Effect.DUP_TO, 2, O_CLOEXEC);
    rule("fcntl", Effect.FCNTL, -1, NONE);
    rule("close", Effect.CLOSE, -1, NONE);
    rule("close_range", Effect.CLOSE_RANGE, -1, NONE);
    rule("execve", Effect.EXEC, -1, NONE);
    rule("execveat", Effect.EXEC, -1, NONE);
  }

  private static void rule(String name, Effect effect, int arg, Cloexec cloexec) {
    BY_NAME.put(name, new Spec(effect, arg, cloexec));
  }

  private final Rule[] byNr;

  /**
   * The fd-making calls most programs make, which a capture of a few syscalls follows without
   * printing them, so that the fds those syscalls take have their paths (strace -y's names); the
   * rarer ones (fanotify_init, bpf, …) are left out: their fds print as bare numbers.
   */
  private static final Set<String> COMMON_NEW_FD =
      Set.of(
          "open",
          "openat",
          "openat2",
          "creat",
          "socket",
          "accept",
          "accept4",
          "pipe",
          "pipe2",
          "socketpair",
          "dup",
          "fcntl",
          "eventfd2",
          "epoll_create1",
          "memfd_create",
          "timerfd_create",
          "signalfd4",
          "inotify_init1",
          "pidfd_open");

  private final Set<Integer> commonNewFd;

  private FdSyscalls(Rule[] byNr, Set<Integer> commonNewFd) {
    this.byNr = byNr;
    this.commonNewFd = Set.copyOf(commonNewFd);
  }

  /** The numbers of the common fd-making calls (see {@link #COMMON_NEW_FD}) of the arch. */
  public Set<Integer> commonNewFd() {
    return commonNewFd;
  }

  /** Resolves the rules for arch through numberOf (name → nr, -1 when the arch lacks it). */
  public static FdSyscalls resolve(Arch arch, ToIntFunction<String> numberOf) {
    Rule[] t = new Rule[1024];
    Set<Integer> common = new TreeSet<>();
    for (String name : COMMON_NEW_FD) {
      int nr = numberOf.applyAsInt(name);
      if (nr >= 0 && nr < t.length) {
        common.add(nr);
      }
    }
    BY_NAME.forEach(
        (name, spec) -> {
          int nr = numberOf.applyAsInt(name);
          if (nr >= 0 && nr < t.length) {
            t[nr] =
                new Rule(
                    spec.effect(),
                    spec.cloexecArg(),
                    spec.cloexec().value(arch),
                    PATH_ARG.getOrDefault(name, -1));
          }
        });
    return new FdSyscalls(t, common);
  }

  /** The rule for nr, or null when the syscall leaves the fd table alone. */
  public Rule rule(int nr) {
    return nr >= 0 && nr < byNr.length ? byNr[nr] : null;
  }

  /** Names of the syscalls that return a new fd, any arch. */
  public static List<String> newFdNames() {
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
   * Whether nr closes fds or puts another file behind an existing number (close, close_range,
   * dup2/dup3, exec): a trace that misses such a call cannot tell which file a number names.
   */
  public boolean replacesFds(int nr) {
    Rule r = rule(nr);
    return r != null
        && switch (r.effect) {
          case CLOSE, CLOSE_RANGE, DUP_TO, EXEC -> true;
          case NEW_FD, DUP, FCNTL, NEW_PIPE, NEW_SOCKET_PAIR -> false;
        };
  }

  /** Whether nr returns a new fd whose path is worth resolving at once. */
  public boolean returnsNewFd(int nr) {
    Rule r = rule(nr);
    return r != null && r.effect == Effect.NEW_FD;
  }
}
