package dev.jtrace.tracer.perf;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * The kernel calls the tracer needs, through one downcall handle looked up once (libc's {@code syscall}).
 * Every call captures errno and turns a failure into a {@link PerfException} carrying the errno text; callers
 * add the hint. x86_64 numbering: the live tracer runs there only (checked at startup).
 */
public final class NativeCalls {
  /** x86_64 number of perf_event_open; the only arch the live tracer runs on today. */
  public static final long SYS_PERF_EVENT_OPEN = 298;

  public static final int EPERM = 1;
  public static final int ENOENT = 2;
  public static final int ESRCH = 3;
  public static final int EINTR = 4;
  public static final int EACCES = 13;
  public static final int EBUSY = 16;
  public static final int EINVAL = 22;
  public static final int EMFILE = 24;
  public static final int ENOSPC = 28;

  // x86_64 syscall numbers of the calls the tracer makes itself.
  private static final long SYS_READ = 0;
  private static final long SYS_CLOSE = 3;
  private static final long SYS_POLL = 7;
  private static final long SYS_MMAP = 9;
  private static final long SYS_MUNMAP = 11;
  private static final long SYS_IOCTL = 16;
  private static final long SYS_KILL = 62;
  private static final long SYS_FCNTL = 72;
  private static final long SYS_SETPRIORITY = 141;
  private static final long SYS_MOUNT = 165;
  private static final long SYS_GETTID = 186;
  private static final long SYS_PIPE2 = 293;
  private static final long SYS_PIDFD_OPEN = 434;
  private static final int F_SETFD = 2;
  private static final int O_CLOEXEC = 0x80000;

  private static final Linker LINKER = Linker.nativeLinker();
  private static final MemoryLayout CAPTURE = Linker.Option.captureStateLayout();
  private static final VarHandle ERRNO =
      CAPTURE.varHandle(MemoryLayout.PathElement.groupElement("errno"));

  /**
   * Every call goes through libc's {@code long syscall(long nr, ...)} with six long arguments: one downcall
   * handle to link instead of one per function, which is most of jtrace's startup otherwise.
   */
  private static final MethodHandle SYSCALL =
      LINKER.downcallHandle(
          LINKER.defaultLookup().find("syscall").orElseThrow(),
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

  /** strerror, linked on first failure only. */
  private static final class Strerror {
    static final MethodHandle HANDLE =
        LINKER.downcallHandle(
            LINKER.defaultLookup().find("strerror").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
  }

  private NativeCalls() {}

  /** A per-thread buffer for the captured errno. */
  private static final ThreadLocal<MemorySegment> STATE =
      ThreadLocal.withInitial(() -> Arena.global().allocate(CAPTURE));

  private static int errno(MemorySegment state) {
    return (int) ERRNO.get(state, 0L);
  }

  /** Raw syscall; returns the result, or -1 with the errno left in state. */
  private static long call(MemorySegment st, long nr, long a, long b, long c, long d, long e, long f) {
    try {
      return (long) SYSCALL.invokeExact(st, nr, a, b, c, d, e, f);
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  /** The call's result, or a PerfException naming what and why. */
  private static long checked(String what, long nr, long a, long b, long c, long d, long e, long f)
      throws PerfException {
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
    return (int) checked("perf_event_open", SYS_PERF_EVENT_OPEN, attr.address(), pid, cpu, groupFd, flags, 0);
  }

  public static void ioctl(int fd, long request, long arg) throws PerfException {
    checked("ioctl", SYS_IOCTL, fd, request, arg, 0, 0, 0);
  }

  public static void ioctl(int fd, long request, MemorySegment arg) throws PerfException {
    checked("ioctl", SYS_IOCTL, fd, request, arg.address(), 0, 0, 0);
  }

  /** mmap(NULL, len, PROT_READ|PROT_WRITE, MAP_SHARED, fd, 0), sized to len. */
  public static MemorySegment mmapShared(int fd, long len) throws PerfException {
    long addr = checked("mmap", SYS_MMAP, 0, len, 3, 1, fd, 0);
    return MemorySegment.ofAddress(addr).reinterpret(len);
  }

  /**
   * Private anonymous memory: the kernel zeroes a page when it is first touched, so a buffer costs only
   * as much as is written into it (an Arena allocation zeroes all of it at once).
   */
  public static MemorySegment mmapAnonymous(long len) throws PerfException {
    long addr = checked("mmap", SYS_MMAP, 0, len, 3, 0x22, -1, 0); // PROT_READ|WRITE, MAP_PRIVATE|ANONYMOUS
    return MemorySegment.ofAddress(addr).reinterpret(len);
  }

  public static void munmap(MemorySegment map) {
    call(STATE.get(), SYS_MUNMAP, map.address(), map.byteSize(), 0, 0, 0, 0);
  }

  public static void close(int fd) {
    call(STATE.get(), SYS_CLOSE, fd, 0, 0, 0, 0, 0);
  }

  /** poll(fds, n, timeout); returns the ready count, 0 on timeout or EINTR. */
  public static int poll(MemorySegment pollfds, int n, int timeoutMs) throws PerfException {
    MemorySegment st = STATE.get();
    long r = call(st, SYS_POLL, pollfds.address(), n, timeoutMs, 0, 0, 0);
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

  /** read(fd, buf, buf.byteSize()); returns the byte count. */
  public static long read(int fd, MemorySegment buf) throws PerfException {
    return checked("read", SYS_READ, fd, buf.address(), buf.byteSize(), 0, 0, 0);
  }

  /** pipe2(O_CLOEXEC): {read end, write end}. */
  public static int[] pipeCloexec() throws PerfException {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment fds = a.allocate(ValueLayout.JAVA_INT, 2);
      checked("pipe2", SYS_PIPE2, fds.address(), O_CLOEXEC, 0, 0, 0, 0);
      return new int[] {fds.getAtIndex(ValueLayout.JAVA_INT, 0), fds.getAtIndex(ValueLayout.JAVA_INT, 1)};
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

  /** mount(source, target, fstype, 0, NULL). */
  public static void mount(String source, String target, String fstype) throws PerfException {
    try (Arena a = Arena.ofConfined()) {
      checked("mount " + fstype + " on " + target, SYS_MOUNT, a.allocateFrom(source).address(),
          a.allocateFrom(target).address(), a.allocateFrom(fstype).address(), 0, 0, 0);
    }
  }
}
