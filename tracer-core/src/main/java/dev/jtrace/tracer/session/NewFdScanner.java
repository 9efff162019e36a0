package dev.jtrace.tracer.session;

import dev.jtrace.perf.abi.RecordLayout;
import dev.jtrace.perf.abi.RecordType;
import dev.jtrace.tracer.event.SyscallTracepoints;
import dev.jtrace.tracer.perf.RecordSink;
import dev.jtrace.tracer.perf.RingBuffer;
import dev.jtrace.tracer.perf.TracerAttr;
import dev.jtrace.tracer.state.FdSyscalls;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Resolves the paths of new fds from /proc in the reader thread, right after their records are
 * copied out of the rings (the reader is woken per new fd by {@code FdWatch}): the earliest moment
 * user space can.
 *
 * <p>/proc answers with the fd's target now, not at the syscall. So a path is only taken when
 * nothing in the copied data shows the fd changing after the call (a close, a dup onto it, a newer
 * fd with the same number, an exec); otherwise the fd stays unnamed rather than named wrongly. That
 * check needs every fd-changing syscall in the stream: with an -e selection that leaves them out,
 * no path is resolved. The decoder picks a path up by the exact (tid, time) of the same record.
 */
final class NewFdScanner {
  /** Reads what fd of pid points to, or null. */
  @FunctionalInterface
  interface FdLink {
    String readlink(int pid, int fd);
  }

  private static final int ALL_FDS = -1;
  private static final RecordLayout LAYOUT = TracerAttr.LAYOUT;
  private static final int PID = LAYOUT.samplePid();
  private static final int TID = LAYOUT.sampleTid();
  private static final int TIME = LAYOUT.sampleTime();
  private static final int RAW = LAYOUT.sampleRaw();

  /**
   * A return, as the decoder names it later: the kernel stamps each record of a thread with its own
   * time, so (tid, time) is unique.
   */
  private record TidTime(int tid, long time) {}

  private final SyscallTracepoints tracepoints;
  private final FdSyscalls syscalls;
  private final FdLink proc;
  private final Map<TidTime, String> paths = new ConcurrentHashMap<>();

  /** (pid, fd or ALL_FDS) → the latest time the fd changed, within the current round. */
  private final LatestTimes changed = new LatestTimes();

  /** Pass 1 notes when fds change; pass 2 resolves the new fds not changed since. */
  private final RecordSink noteChanges = (s, o, type, misc, size) -> sample(s, o, type, false);

  private final RecordSink resolveNew = (s, o, type, misc, size) -> sample(s, o, type, true);

  NewFdScanner(SyscallTracepoints tracepoints, FdSyscalls syscalls, FdLink proc) {
    this.tracepoints = tracepoints;
    this.syscalls = syscalls;
    this.proc = proc;
  }

  private static long fdKey(int pid, int fd) {
    return ((long) pid << 32) | (fd & 0xffffffffL);
  }

  /** One round of copied ring data (every CPU's), each segment holding length bytes of records. */
  void scan(List<MemorySegment> chunks, List<Long> lengths) {
    changed.clear();
    for (int i = 0; i < chunks.size(); i++) {
      RingBuffer.forEachRecord(chunks.get(i), lengths.get(i), noteChanges);
    }
    for (int i = 0; i < chunks.size(); i++) {
      RingBuffer.forEachRecord(chunks.get(i), lengths.get(i), resolveNew);
    }
  }

  private void sample(MemorySegment s, long o, int recordType, boolean resolve) {
    if (recordType != RecordType.SAMPLE) {
      return;
    }
    long raw = o + RAW;
    int type =
        s.get(ValueLayout.JAVA_SHORT_UNALIGNED, raw + SyscallTracepoints.RAW_COMMON_TYPE) & 0xffff;
    int nr = s.get(ValueLayout.JAVA_INT_UNALIGNED, raw + SyscallTracepoints.RAW_NR);
    FdSyscalls.Rule rule = syscalls.rule(nr);
    if (rule == null) {
      return;
    }
    boolean exit = tracepoints.isExit(type);
    if (!exit && !tracepoints.isEnter(type)) {
      return;
    }
    int pid = s.get(ValueLayout.JAVA_INT_UNALIGNED, o + PID);
    long time = s.get(ValueLayout.JAVA_LONG_UNALIGNED, o + TIME);
    long arg0 = s.get(ValueLayout.JAVA_LONG_UNALIGNED, raw + SyscallTracepoints.RAW_ARGS);
    if (!resolve) {
      switch (rule.effect()) {
        case CLOSE -> {
          if (!exit) note(pid, (int) arg0, time);
        }
        case DUP_TO -> {
          if (!exit) {
            note(
                pid,
                (int) s.get(ValueLayout.JAVA_LONG_UNALIGNED, raw + SyscallTracepoints.RAW_ARGS + 8),
                time);
          }
        }
        case EXEC, CLOSE_RANGE -> {
          if (!exit) note(pid, ALL_FDS, time);
        }
        case NEW_FD, DUP, FCNTL -> {
          if (exit && arg0 >= 0) note(pid, (int) arg0, time);
        }
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
      int tid = s.get(ValueLayout.JAVA_INT_UNALIGNED, o + TID);
      paths.put(new TidTime(tid, time), p);
    }
  }

  private void note(int pid, int fd, long time) {
    changed.note(fdKey(pid, fd), time);
  }

  private boolean changedAfter(int pid, int fd, long time) {
    return changed.latest(fdKey(pid, fd)) > time;
  }

  /** The decoder's side: the path found for this return, taken once, or null. */
  String take(int tid, long time) {
    if (paths.isEmpty()) {
      return null;
    }
    return paths.remove(new TidTime(tid, time));
  }

  /**
   * The latest time per key, by open addressing: pass 1 notes every fd-changing syscall of a round,
   * so no boxed key and value per note (as a HashMap&lt;Long, Long&gt; would allocate).
   */
  private static final class LatestTimes {
    private long[] keys = new long[64];
    private long[] times = new long[64];
    private boolean[] used = new boolean[64];
    private int size;

    void clear() {
      if (size > 0) {
        Arrays.fill(used, false);
        size = 0;
      }
    }

    void note(long key, long time) {
      int i = slot(key);
      if (used[i]) {
        times[i] = Math.max(times[i], time);
        return;
      }
      used[i] = true;
      keys[i] = key;
      times[i] = time;
      if (++size * 2 > keys.length) {
        grow();
      }
    }

    /** The latest time noted for key, or Long.MIN_VALUE. */
    long latest(long key) {
      int i = slot(key);
      return used[i] ? times[i] : Long.MIN_VALUE;
    }

    private int slot(long key) {
      int mask = keys.length - 1;
      int i = (int) ((key * 0x9E3779B97F4A7C15L) >>> 40) & mask;
      while (used[i] && keys[i] != key) {
        i = (i + 1) & mask;
      }
      return i;
    }

    private void grow() {
      long[] oldKeys = keys;
      long[] oldTimes = times;
      boolean[] oldUsed = used;
      keys = new long[oldKeys.length * 2];
      times = new long[oldKeys.length * 2];
      used = new boolean[oldKeys.length * 2];
      for (int j = 0; j < oldKeys.length; j++) {
        if (oldUsed[j]) {
          int i = slot(oldKeys[j]);
          used[i] = true;
          keys[i] = oldKeys[j];
          times[i] = oldTimes[j];
        }
      }
    }
  }
}
