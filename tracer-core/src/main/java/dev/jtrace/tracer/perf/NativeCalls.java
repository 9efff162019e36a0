package dev.jtrace.tracer.perf;

import dev.jtrace.beauty.Arch;
import dev.jtrace.beauty.table.SyscallTable;
import dev.jtrace.beauty.table.Table;
import dev.jtrace.beauty.table.Tables;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * The kernel calls the tracer needs, through one downcall handle looked up once (libc's {@code
 * syscall}). Every call captures errno and turns a failure into a {@link PerfException} carrying
 * the errno text; callers add the hint. Syscall numbers and flag values are the host arch's, from
 * the generated tables, by name.
 *
 * <p>When the JVM may not call native code (no {@code --enable-native-access}, or a platform
 * without a C library's {@code syscall}), the class still loads: each checked call then fails with
 * a PerfException saying so, and the unchecked ones (close, munmap, gettid, setThreadNice) do
 * nothing and return -1 or false.
 */
public final class NativeCalls {
  // errno-base.h: the same numbers on every arch.
  public static final int EPERM = 1;
  public static final int ENOENT = 2;
  public static final int ESRCH = 3;
  public static final int EINTR = 4;
  public static final int EACCES = 13;
  public static final int EBUSY = 16;
  public static final int EINVAL = 22;
  public static final int EMFILE = 24;
  public static final int ENOSPC = 28;

  private static final Arch ARCH = Arch.host();
  private static final SyscallTable SYSCALLS = Tables.syscalls(ARCH);

  // The calls the tracer makes itself; -1 where the host arch lacks one (the call then says so).
  private static final long SYS_PERF_EVENT_OPEN = nr("perf_event_open");
  private static final long SYS_READ = nr("read");
  private static final long SYS_CLOSE = nr("close");
  private static final long SYS_PPOLL = nr("ppoll");
  private static final long SYS_MMAP = nr("mmap");
  private static final long SYS_MUNMAP = nr("munmap");
  private static final long SYS_IOCTL = nr("ioctl");
  private static final long SYS_KILL = nr("kill");
  private static final long SYS_FCNTL = nr("fcntl");
  private static final long SYS_SETPRIORITY = nr("setpriority");
  private static final long SYS_MOUNT = nr("mount");
  private static final long SYS_GETTID = nr("gettid");
  private static final long SYS_PIPE2 = nr("pipe2");
  private static final long SYS_PIDFD_OPEN = nr("pidfd_open");
  private static final long SYS_BPF = nr("bpf");
  private static final long SYS_RT_SIGACTION = nr("rt_sigaction");
  private static final long F_SETFD = constant("fcntl_cmds", "F_SETFD");
  private static final long O_CLOEXEC = constant("open_flags", "O_CLOEXEC");
  private static final long PROT_READ = constant("mmap_prot", "PROT_READ");
  private static final long PROT_READ_WRITE =
      constant("mmap_prot", "PROT_READ") | constant("mmap_prot", "PROT_WRITE");
  private static final long MAP_SHARED = constant("mmap_flags", "MAP_SHARED");
  private static final long MAP_PRIVATE_ANONYMOUS =
      constant("mmap_flags", "MAP_PRIVATE") | constant("mmap_flags", "MAP_ANONYMOUS");

  private static final MemoryLayout CAPTURE = Linker.Option.captureStateLayout();
  private static final VarHandle ERRNO =
      CAPTURE.varHandle(MemoryLayout.PathElement.groupElement("errno"));

  /**
   * Every call goes through libc's {@code long syscall(long nr, ...)} with six long arguments: one
   * downcall handle to link instead of one per function, which is most of jtrace's startup
   * otherwise. Null when native calls are unavailable, {@link #UNAVAILABLE} saying why.
   */
  private static final MethodHandle SYSCALL;

  private static final String UNAVAILABLE;

  static {
    MethodHandle handle = null;
    String why = null;
    try {
      Linker linker = Linker.nativeLinker();
      handle =
          linker.downcallHandle(
              linker
                  .defaultLookup()
                  .find("syscall")
                  .orElseThrow(
                      () -> new UnsupportedOperationException("the C library has no syscall()")),
              FunctionDescriptor.of(
                  ValueLayout.JAVA_LONG,
                  ValueLayout.JAVA_LONG,
                  ValueLayout.JAVA_LONG,
                  ValueLayout.JAVA_LONG,
                  ValueLayout.JAVA_LONG,
                  ValueLayout.JAVA_LONG,
                  ValueLayout.JAVA_LONG,
                  ValueLayout.JAVA_LONG),
              Linker.Option.captureCallState("errno"),
              Linker.Option.firstVariadicArg(1));
    } catch (IllegalCallerException e) {
      why = "native access is denied (run java with --enable-native-access=ALL-UNNAMED)";
    } catch (UnsupportedOperationException e) {
      why = "no native calls on this platform (" + e.getMessage() + "); jtrace needs Linux";
    }
    SYSCALL = handle;
    UNAVAILABLE = why;
  }

  /** strerror, linked on first failure only. */
  private static final class Strerror {
    static final MethodHandle HANDLE =
        Linker.nativeLinker()
            .downcallHandle(
                Linker.nativeLinker().defaultLookup().find("strerror").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
  }

  /** The host's number of a syscall, or -1. */
  private static long nr(String name) {
    return SYSCALLS == null ? -1 : SYSCALLS.number(name);
  }

  /**
   * A flag or command value of the host arch from a generated table; a missing one is a build
   * defect.
   */
  private static long constant(String table, String name) {
    Table t = Tables.get(table, ARCH);
    if (t == null) {
      throw new IllegalStateException("no generated table " + table + " for " + ARCH.id());
    }
    return t.value(name)
        .orElseThrow(() -> new IllegalStateException("table " + t.name() + " has no " + name));
  }

  private NativeCalls() {}

  /** A per-thread buffer for the captured errno. */
  private static final ThreadLocal<MemorySegment> STATE =
      ThreadLocal.withInitial(() -> Arena.global().allocate(CAPTURE));

  /** A per-thread struct timespec for poll's timeout. */
  private static final ThreadLocal<MemorySegment> TIMESPEC =
      ThreadLocal.withInitial(() -> Arena.global().allocate(16, 8));

  private static int errno(MemorySegment state) {
    return (int) ERRNO.get(state, 0L);
  }

  /**
   * Raw syscall; returns the result, or -1 with the errno left in state (untouched when it cannot
   * run).
   */
  private static long call(
      MemorySegment st, long nr, long a, long b, long c, long d, long e, long f) {
    if (SYSCALL == null || nr < 0) {
      return -1;
    }
    try {
      return (long) SYSCALL.invokeExact(st, nr, a, b, c, d, e, f);
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  /** The call's result, or a PerfException naming what and why. */
  private static long checked(String what, long nr, long a, long b, long c, long d, long e, long f)
      throws PerfException {
    if (SYSCALL == null) {
      throw new PerfException(what + ": " + UNAVAILABLE, 0);
    }
    if (nr < 0) {
      throw new PerfException(what + ": no such syscall on " + ARCH.id(), 0);
    }
    MemorySegment st = STATE.get();
    long r = call(st, nr, a, b, c, d, e, f);
    if (r == -1) {
      throw failure(what, errno(st));
    }
    return r;
  }

  /** The C library's text for an errno, e.g. {@code Permission denied}. */
  public static String strerror(int errno) {
    try {
      MemorySegment s = (MemorySegment) Strerror.HANDLE.invokeExact(errno);
      return s.reinterpret(256).getString(0);
    } catch (Throwable t) {
      return "errno " + errno;
    }
  }

  private static PerfException failure(String call, int errno) {
    return new PerfException(call + ": " + strerror(errno), errno);
  }

  private static RuntimeException rethrow(Throwable t) {
    if (t instanceof RuntimeException r) {
      return r;
    }
    if (t instanceof Error e) {
      throw e;
    }
    return new IllegalStateException(t);
  }

  /** perf_event_open(attr, pid, cpu, group_fd, flags); returns the new fd. */
  public static int perfEventOpen(MemorySegment attr, int pid, int cpu, int groupFd, long flags)
      throws PerfException {
    return (int)
        checked(
            "perf_event_open", SYS_PERF_EVENT_OPEN, attr.address(), pid, cpu, groupFd, flags, 0);
  }

  public static void ioctl(int fd, long request, long arg) throws PerfException {
    checked("ioctl", SYS_IOCTL, fd, request, arg, 0, 0, 0);
  }

  public static void ioctl(int fd, long request, MemorySegment arg) throws PerfException {
    checked("ioctl", SYS_IOCTL, fd, request, arg.address(), 0, 0, 0);
  }

  /** mmap(NULL, len, PROT_READ|PROT_WRITE, MAP_SHARED, fd, 0), sized to len. */
  public static MemorySegment mmapShared(int fd, long len) throws PerfException {
    long addr = checked("mmap", SYS_MMAP, 0, len, PROT_READ_WRITE, MAP_SHARED, fd, 0);
    return MemorySegment.ofAddress(addr).reinterpret(len);
  }

  /** mmap(NULL, len, PROT_READ, MAP_SHARED, fd, offset): a BPF ring buffer's producer side. */
  public static MemorySegment mmapReadOnly(int fd, long len, long offset) throws PerfException {
    long addr = checked("mmap", SYS_MMAP, 0, len, PROT_READ, MAP_SHARED, fd, offset);
    return MemorySegment.ofAddress(addr).reinterpret(len);
  }

  /**
   * Private anonymous memory: the kernel zeroes a page when it is first touched, so a buffer costs
   * only as much as is written into it (an Arena allocation zeroes all of it at once).
   */
  public static MemorySegment mmapAnonymous(long len) throws PerfException {
    long addr = checked("mmap", SYS_MMAP, 0, len, PROT_READ_WRITE, MAP_PRIVATE_ANONYMOUS, -1, 0);
    return MemorySegment.ofAddress(addr).reinterpret(len);
  }

  public static void munmap(MemorySegment map) {
    call(STATE.get(), SYS_MUNMAP, map.address(), map.byteSize(), 0, 0, 0, 0);
  }

  public static void close(int fd) {
    call(STATE.get(), SYS_CLOSE, fd, 0, 0, 0, 0, 0);
  }

  /**
   * poll(fds, n, timeout) as ppoll with no signal mask (every arch has ppoll; arm64 and riscv64
   * have no poll); returns the ready count, 0 on timeout or EINTR.
   */
  public static int poll(MemorySegment pollfds, int n, int timeoutMs) throws PerfException {
    if (SYSCALL == null) {
      throw new PerfException("poll: " + UNAVAILABLE, 0);
    }
    MemorySegment st = STATE.get();
    MemorySegment timeout = TIMESPEC.get();
    timeout.set(ValueLayout.JAVA_LONG, 0, timeoutMs / 1000);
    timeout.set(ValueLayout.JAVA_LONG, 8, (timeoutMs % 1000) * 1_000_000L);
    long r =
        call(st, SYS_PPOLL, pollfds.address(), n, timeoutMs < 0 ? 0 : timeout.address(), 0, 0, 0);
    if (r == -1) {
      int e = errno(st);
      if (e == EINTR) {
        return 0;
      }
      throw failure("poll", e);
    }
    return (int) r;
  }

  public static void kill(int pid, int signal) throws PerfException {
    checked("kill", SYS_KILL, pid, signal, 0, 0, 0, 0);
  }

  /** Room for the kernel's struct sigaction on any arch (handler, flags, restorer, mask). */
  private static final int SIGACTION_BYTES = 64;

  private static final long SIG_IGN = 1;
  private static final long SIGSET_BYTES = 8;

  /**
   * Gives an ignored signal back its default action; returns whether it was ignored. A background
   * job of a script starts with SIGINT ignored, and the JVM installs no handler for an ignored
   * SIGINT, SIGTERM or SIGHUP: a handler can only be installed after this. The handler is the first
   * word of the kernel's struct and the sigset 8 bytes on the arches jtrace runs on; an all-zero
   * struct is SIG_DFL everywhere.
   */
  public static boolean unignoreSignal(int signal) throws PerfException {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment old = a.allocate(SIGACTION_BYTES, 8);
      checked("rt_sigaction", SYS_RT_SIGACTION, signal, 0, old.address(), SIGSET_BYTES, 0, 0);
      if (old.get(ValueLayout.JAVA_LONG, 0) != SIG_IGN) {
        return false;
      }
      MemorySegment byDefault = a.allocate(SIGACTION_BYTES, 8);
      checked("rt_sigaction", SYS_RT_SIGACTION, signal, byDefault.address(), 0, SIGSET_BYTES, 0, 0);
      return true;
    }
  }

  /** read(fd, buf, buf.byteSize()); returns the byte count. */
  public static long read(int fd, MemorySegment buf) throws PerfException {
    return checked("read", SYS_READ, fd, buf.address(), buf.byteSize(), 0, 0, 0);
  }

  /** pipe2(O_CLOEXEC): {read end, write end}. */
  public static int[] pipeCloexec() throws PerfException {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment fds = a.allocate(ValueLayout.JAVA_INT, 2);
      checked("pipe2", SYS_PIPE2, fds.address(), O_CLOEXEC, 0, 0, 0, 0);
      return new int[] {
        fds.getAtIndex(ValueLayout.JAVA_INT, 0), fds.getAtIndex(ValueLayout.JAVA_INT, 1)
      };
    }
  }

  /** Clears FD_CLOEXEC: the fd survives an exec. */
  public static void keepOnExec(int fd) throws PerfException {
    checked("fcntl F_SETFD", SYS_FCNTL, fd, F_SETFD, 0, 0, 0, 0);
  }

  /** A pidfd for pid: readable once the process has exited (Linux 5.3+). */
  public static int pidfdOpen(int pid) throws PerfException {
    return (int) checked("pidfd_open", SYS_PIDFD_OPEN, pid, 0, 0, 0, 0, 0);
  }

  /** The calling thread's kernel tid. */
  public static int gettid() {
    return (int) call(STATE.get(), SYS_GETTID, 0, 0, 0, 0, 0, 0);
  }

  /** Sets the nice value of one thread (PRIO_PROCESS on a tid); false when refused. */
  public static boolean setThreadNice(int tid, int nice) {
    return call(STATE.get(), SYS_SETPRIORITY, 0, tid, nice, 0, 0, 0) == 0;
  }

  /** bpf(cmd, attr, size); returns the result (an fd for the commands that create one). */
  public static int bpf(String what, int cmd, MemorySegment attr, int size) throws PerfException {
    return (int) checked(what, SYS_BPF, cmd, attr.address(), size, 0, 0, 0);
  }

  /** mount(source, target, fstype, 0, NULL). */
  public static void mount(String source, String target, String fstype) throws PerfException {
    try (Arena a = Arena.ofConfined()) {
      checked(
          "mount " + fstype + " on " + target,
          SYS_MOUNT,
          a.allocateFrom(source).address(),
          a.allocateFrom(target).address(),
          a.allocateFrom(fstype).address(),
          0,
          0,
          0);
    }
  }
}
