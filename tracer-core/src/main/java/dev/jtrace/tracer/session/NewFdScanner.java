package dev.jtrace.tracer.session;

import dev.jtrace.tracer.event.SyscallTracepoints;
import dev.jtrace.tracer.perf.RecordType;
import dev.jtrace.tracer.perf.SampleLayout;
import dev.jtrace.tracer.state.FdSyscalls;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Resolves the paths of new fds from /proc in the reader thread, right after their records are copied out of
 * the rings (the reader is woken per new fd by {@code FdWatch}): the earliest moment user space can.
 *
 * <p>/proc answers with the fd's target now, not at the syscall. So a path is only taken when nothing in the
 * copied data shows the fd changing after the call (a close, a dup onto it, a newer fd with the same number,
 * an exec); otherwise the fd stays unnamed rather than named wrongly. That check needs every fd-changing
 * syscall in the stream: with an -e selection that leaves them out, no path is resolved. The decoder picks a
 * path up by the exact (tid, time) of the same record.
 */
final class NewFdScanner {
  /** Reads what fd of pid points to, or null. */
  @FunctionalInterface
  interface FdLink {
    String readlink(int pid, int fd);
  }

  private static final int ALL_FDS = -1;

  private final SyscallTracepoints tracepoints;
  private final FdSyscalls syscalls;
  private final FdLink proc;
  private final Map<Long, String> paths = new ConcurrentHashMap<>();
  /** (pid, fd or ALL_FDS) → the latest time the fd changed, within the current round. */
  private final Map<Long, Long> changed = new HashMap<>();

  NewFdScanner(SyscallTracepoints tracepoints, FdSyscalls syscalls, FdLink proc) {
    this.tracepoints = tracepoints;
    this.syscalls = syscalls;
    this.proc = proc;
  }

  private static long key(int tid, long time) {
    return time * 1_000_003L + tid;
  }

  private static long fdKey(int pid, int fd) {
    return ((long) pid << 32) | (fd & 0xffffffffL);
  }

  /** One round of copied ring data (every CPU's), each segment holding length bytes of records. */
  void scan(List<MemorySegment> chunks, List<Long> lengths) {
    changed.clear();
    for (int i = 0; i < chunks.size(); i++) {
      forEachSample(chunks.get(i), lengths.get(i), false);
    }
    for (int i = 0; i < chunks.size(); i++) {
      forEachSample(chunks.get(i), lengths.get(i), true);
    }
  }

  /** Pass 1 (resolve false) notes when fds change; pass 2 resolves the new fds not changed since. */
  private void forEachSample(MemorySegment s, long length, boolean resolve) {
    long o = 0;
    while (o + 8 <= length) {
      long header = s.get(ValueLayout.JAVA_LONG_UNALIGNED, o);
      int size = (int) (header >>> 48) & 0xffff;
      if (size < 8 || o + size > length) {
        return;
      }
      if ((int) header == RecordType.SAMPLE) {
        sample(s, o, resolve);
      }
      o += size;
    }
  }

  private void sample(MemorySegment s, long o, boolean resolve) {
    long raw = o + SampleLayout.SAMPLE_RAW;
    int type = s.get(ValueLayout.JAVA_SHORT_UNALIGNED, raw) & 0xffff;
    int nr = s.get(ValueLayout.JAVA_INT_UNALIGNED, raw + SampleLayout.RAW_NR);
    FdSyscalls.Rule rule = syscalls.rule(nr);
    if (rule == null) {
      return;
    }
    boolean exit = tracepoints.isExit(type);
    if (!exit && !tracepoints.isEnter(type)) {
      return;
    }
    int pid = s.get(ValueLayout.JAVA_INT_UNALIGNED, o + SampleLayout.SAMPLE_PID);
    long time = s.get(ValueLayout.JAVA_LONG_UNALIGNED, o + SampleLayout.SAMPLE_TIME);
    long arg0 = s.get(ValueLayout.JAVA_LONG_UNALIGNED, raw + SampleLayout.RAW_ARGS);
    if (!resolve) {
      switch (rule.effect()) {
        case CLOSE -> { if (!exit) note(pid, (int) arg0, time); }
        case DUP_TO -> {
          if (!exit) {
            note(pid, (int) s.get(ValueLayout.JAVA_LONG_UNALIGNED, raw + SampleLayout.RAW_ARGS + 8), time);
          }
        }
        case EXEC, CLOSE_RANGE -> { if (!exit) note(pid, ALL_FDS, time); }
        case NEW_FD, DUP, FCNTL -> { if (exit && arg0 >= 0) note(pid, (int) arg0, time); }
      }
      return;
    }
    if (!exit || rule.effect() != FdSyscalls.Effect.NEW_FD || arg0 < 0) {
      return;
    }
    int fd = (int) arg0;
    if (changedAfter(pid, fd, time) || changedAfter(pid, ALL_FDS, time)) {
      return; // /proc would answer for a later file
    }
    String p = proc.readlink(pid, fd);
    if (p != null) {
      int tid = s.get(ValueLayout.JAVA_INT_UNALIGNED, o + SampleLayout.SAMPLE_TID);
      paths.put(key(tid, time), p);
    }
  }

  private void note(int pid, int fd, long time) {
    changed.merge(fdKey(pid, fd), time, Math::max);
  }

  private boolean changedAfter(int pid, int fd, long time) {
    Long t = changed.get(fdKey(pid, fd));
    return t != null && t > time;
  }

  /** The decoder's side: the path found for this return, taken once, or null. */
  String take(int tid, long time) {
    if (paths.isEmpty()) {
      return null;
    }
    return paths.remove(key(tid, time));
  }
}
