package dev.jtrace.tracer.perf;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * The libc entry points the tracer needs, looked up once. Every call captures errno and turns a failure into
 * a {@link PerfException} carrying the errno text; callers add the hint.
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

  private static final Linker LINKER = Linker.nativeLinker();
  private static final SymbolLookup LIBC = LINKER.defaultLookup();
  private static final MemoryLayout CAPTURE = Linker.Option.captureStateLayout();
  private static final VarHandle ERRNO =
      CAPTURE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
  private static final Linker.Option ERRNO_OPT = Linker.Option.captureCallState("errno");

  private static final MethodHandle SYSCALL_PERF_OPEN =
      downcall(
          "syscall",
          FunctionDescriptor.of(
              ValueLayout.JAVA_LONG,
              ValueLayout.JAVA_LONG,
              ValueLayout.ADDRESS,
              ValueLayout.JAVA_INT,
              ValueLayout.JAVA_INT,
              ValueLayout.JAVA_INT,
              ValueLayout.JAVA_LONG),
          ERRNO_OPT,
          Linker.Option.firstVariadicArg(1));
  private static final MethodHandle IOCTL_LONG =
      downcall(
          "ioctl",
          FunctionDescriptor.of(
              ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG),
          ERRNO_OPT,
          Linker.Option.firstVariadicArg(2));
  private static final MethodHandle IOCTL_PTR =
      downcall(
          "ioctl",
          FunctionDescriptor.of(
              ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG, ValueLayout.ADDRESS),
          ERRNO_OPT,
          Linker.Option.firstVariadicArg(2));
  private static final MethodHandle MMAP =
      downcall(
          "mmap",
          FunctionDescriptor.of(
              ValueLayout.ADDRESS,
              ValueLayout.ADDRESS,
              ValueLayout.JAVA_LONG,
              ValueLayout.JAVA_INT,
              ValueLayout.JAVA_INT,
              ValueLayout.JAVA_INT,
              ValueLayout.JAVA_LONG),
          ERRNO_OPT);
  private static final MethodHandle MUNMAP =
      downcall(
          "munmap",
          FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG),
          ERRNO_OPT);
  private static final MethodHandle CLOSE =
      downcall("close", FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT), ERRNO_OPT);
  private static final MethodHandle POLL =
      downcall(
          "poll",
          FunctionDescriptor.of(
              ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT),
          ERRNO_OPT);
  private static final MethodHandle KILL =
      downcall(
          "kill",
          FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT),
          ERRNO_OPT);
  private static final MethodHandle MOUNT =
      downcall(
          "mount",
          FunctionDescriptor.of(
              ValueLayout.JAVA_INT,
              ValueLayout.ADDRESS,
              ValueLayout.ADDRESS,
              ValueLayout.ADDRESS,
              ValueLayout.JAVA_LONG,
              ValueLayout.ADDRESS),
          ERRNO_OPT);
  private static final MethodHandle READ =
      downcall(
          "read",
          FunctionDescriptor.of(
              ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG),
          ERRNO_OPT);
  private static final MethodHandle SETPRIORITY =
      downcall(
          "setpriority",
          FunctionDescriptor.of(
              ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT),
          ERRNO_OPT);
  private static final MethodHandle GETTID =
      downcall("gettid", FunctionDescriptor.of(ValueLayout.JAVA_INT));
  private static final MethodHandle STRERROR =
      downcall("strerror", FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.JAVA_INT));

  private NativeCalls() {}

  private static MethodHandle downcall(String name, FunctionDescriptor fd, Linker.Option... options) {
    MemorySegment symbol =
        LIBC.find(name).orElseThrow(() -> new IllegalStateException("libc has no " + name));
    return LINKER.downcallHandle(symbol, fd, options);
  }

  /** A per-thread buffer for the captured errno. */
  private static final ThreadLocal<MemorySegment> STATE =
      ThreadLocal.withInitial(() -> Arena.global().allocate(CAPTURE));

  private static int errno(MemorySegment state) {
    return (int) ERRNO.get(state, 0L);
  }

  /** The C library's text for an errno, e.g. {@code Permission denied}. */
  public static String strerror(int errno) {
    try {
      MemorySegment s = (MemorySegment) STRERROR.invokeExact(errno);
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
    MemorySegment st = STATE.get();
    long r;
    try {
      r = (long) SYSCALL_PERF_OPEN.invokeExact(st, SYS_PERF_EVENT_OPEN, attr, pid, cpu, groupFd, flags);
    } catch (Throwable t) {
      throw rethrow(t);
    }
    if (r < 0) {
      throw failure("perf_event_open", errno(st));
    }
    return (int) r;
  }

  public static void ioctl(int fd, long request, long arg) throws PerfException {
    MemorySegment st = STATE.get();
    int r;
    try {
      r = (int) IOCTL_LONG.invokeExact(st, fd, request, arg);
    } catch (Throwable t) {
      throw rethrow(t);
    }
    if (r < 0) {
      throw failure("ioctl", errno(st));
    }
  }

  public static void ioctl(int fd, long request, MemorySegment arg) throws PerfException {
    MemorySegment st = STATE.get();
    int r;
    try {
      r = (int) IOCTL_PTR.invokeExact(st, fd, request, arg);
    } catch (Throwable t) {
      throw rethrow(t);
    }
    if (r < 0) {
      throw failure("ioctl", errno(st));
    }
  }

  /** mmap(NULL, len, PROT_READ|PROT_WRITE, MAP_SHARED, fd, 0), sized to len. */
  public static MemorySegment mmapShared(int fd, long len) throws PerfException {
    MemorySegment st = STATE.get();
    MemorySegment r;
    try {
      r = (MemorySegment) MMAP.invokeExact(st, MemorySegment.NULL, len, 3, 1, fd, 0L);
    } catch (Throwable t) {
      throw rethrow(t);
    }
    if (r.address() == -1L) {
      throw failure("mmap", errno(st));
    }
    return r.reinterpret(len);
  }

  public static void munmap(MemorySegment map) {
    try {
      int ignored = (int) MUNMAP.invokeExact(STATE.get(), map, map.byteSize());
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  public static void close(int fd) {
    try {
      int ignored = (int) CLOSE.invokeExact(STATE.get(), fd);
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  /** poll(fds, n, timeout); returns the ready count, 0 on timeout or EINTR. */
  public static int poll(MemorySegment pollfds, int n, int timeoutMs) throws PerfException {
    MemorySegment st = STATE.get();
    int r;
    try {
      r = (int) POLL.invokeExact(st, pollfds, (long) n, timeoutMs);
    } catch (Throwable t) {
      throw rethrow(t);
    }
    if (r < 0) {
      int e = errno(st);
      if (e == EINTR) {
        return 0;
      }
      throw failure("poll", e);
    }
    return r;
  }

  public static void kill(int pid, int signal) throws PerfException {
    MemorySegment st = STATE.get();
    int r;
    try {
      r = (int) KILL.invokeExact(st, pid, signal);
    } catch (Throwable t) {
      throw rethrow(t);
    }
    if (r < 0) {
      throw failure("kill", errno(st));
    }
  }

  /** read(fd, buf, buf.byteSize()); returns the byte count. */
  public static long read(int fd, MemorySegment buf) throws PerfException {
    MemorySegment st = STATE.get();
    long r;
    try {
      r = (long) READ.invokeExact(st, fd, buf, buf.byteSize());
    } catch (Throwable t) {
      throw rethrow(t);
    }
    if (r < 0) {
      throw failure("read", errno(st));
    }
    return r;
  }

  /** The calling thread's kernel tid. */
  public static int gettid() {
    try {
      return (int) GETTID.invokeExact();
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  /** Sets the nice value of one thread (PRIO_PROCESS on a tid); false when refused. */
  public static boolean setThreadNice(int tid, int nice) {
    try {
      return (int) SETPRIORITY.invokeExact(STATE.get(), 0, tid, nice) == 0;
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  /** mount(source, target, fstype, 0, NULL). */
  public static void mount(String source, String target, String fstype) throws PerfException {
    MemorySegment st = STATE.get();
    int r;
    try (Arena a = Arena.ofConfined()) {
      r =
          (int)
              MOUNT.invokeExact(
                  st,
                  a.allocateFrom(source),
                  a.allocateFrom(target),
                  a.allocateFrom(fstype),
                  0L,
                  MemorySegment.NULL);
    } catch (Throwable t) {
      throw rethrow(t);
    }
    if (r < 0) {
      throw failure("mount " + fstype + " on " + target, errno(st));
    }
  }
}
