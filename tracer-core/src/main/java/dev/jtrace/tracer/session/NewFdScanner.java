package dev.jtrace.tracer.session;

import dev.jtrace.perf.abi.RecordLayout;
import dev.jtrace.perf.abi.RecordType;
import dev.jtrace.tracer.event.SyscallTracepoints;
import dev.jtrace.tracer.perf.RecordSink;
import dev.jtrace.tracer.perf.RingBuffer;
import dev.jtrace.tracer.perf.TracerAttr;
import dev.jtrace.tracer.state.FdSyscalls;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 *
 * <p>After lost records every fd is unknown ({@code fd: 0<?>}) until re-learned. When a round holds
 * a LOST record, the open fds of the processes active in it are read from /proc (at most every
 * {@link #RELEARN_EVERY_NS}); they are the truth at the scan's start, handed to the printer to be
 * applied at that point of the stream ({@link Relearned}), after the next round has shown which of
 * them changed during the scan (those stay unknown until their own record names them).
 */
final class NewFdScanner {
  /** Reads what fd of pid points to, or null. */
  @FunctionalInterface
  interface FdLink {
    String readlink(int pid, int fd);
  }

  private static final int ALL_FDS = -1;

  /** Re-learning after a loss reads /proc at most this often (it costs the reader time). */
  static final long RELEARN_EVERY_NS = 50_000_000L;

  /** At most this many processes, and fds in all, are read per re-learning scan. */
  private static final int RELEARN_MAX_PIDS = 64;

  private static final int RELEARN_MAX_FDS = 4096;

  /**
   * The open fds of some processes as /proc showed them at time (the perf clock): each fd still
   * unknown after a loss is named from here, or known closed, from that point of the stream on.
   */
  record Relearned(long time, Map<Integer, Map<Integer, String>> fdsByPid)
      implements PrinterThread.Item {}

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

  /** Whether the round holds a LOST record. */
  private boolean sawLost;

  /**
   * The latest time a LOST record of the round was written: the end of the drops it counts. A scan
   * older than that may have missed an fd change among them (a dup2 onto fd 0 just after /proc was
   * read, then dropped), so it is not applied.
   */
  private long lostUntil;

  private final Set<Integer> activePids = new HashSet<>();
  private long lastRelearn = Long.MIN_VALUE / 2;

  /** The last scan of /proc after a loss, not yet checked against the round that followed it. */
  private Relearned unchecked;

  /** Pass 1 notes when fds change; pass 2 resolves the new fds not changed since. */
  private final RecordSink noteChanges =
      (s, o, type, misc, size) -> {
        if (type == RecordType.LOST) {
          sawLost = true;
          // the header, id and count, then the sample_id trailer with the time it was written
          lostUntil =
              size >= 24 + LAYOUT.trailerSize()
                  ? Math.max(
                      lostUntil,
                      s.get(
                          ValueLayout.JAVA_LONG_UNALIGNED, o + size - LAYOUT.trailerTimeFromEnd()))
                  : Long.MAX_VALUE; // when is unknown: no scan before it holds
        }
        sample(s, o, type, false);
      };

  /** After a loss: the pids with samples in the round. */
  private final RecordSink collectPids =
      (s, o, type, misc, size) -> {
        if (type == RecordType.SAMPLE && activePids.size() < RELEARN_MAX_PIDS) {
          activePids.add(s.get(ValueLayout.JAVA_INT_UNALIGNED, o + PID));
        }
      };

  private final RecordSink resolveNew = (s, o, type, misc, size) -> sample(s, o, type, true);

  NewFdScanner(SyscallTracepoints tracepoints, FdSyscalls syscalls, FdLink proc) {
    this.tracepoints = tracepoints;
    this.syscalls = syscalls;
    this.proc = proc;
  }

  private static long fdKey(int pid, int fd) {
    return ((long) pid << 32) | (fd & 0xffffffffL);
  }

  /**
   * One round of copied ring data (every CPU's), each segment holding length bytes of records.
   * Returns the fds re-learned from /proc after an earlier round's loss, checked against this
   * round, for the printer; or null.
   */
  Relearned scan(List<MemorySegment> chunks, List<Long> lengths) {
    return scan(chunks, lengths, new boolean[chunks.size()]);
  }

  /**
   * As {@link #scan(List, List)}; full: per chunk, whether its ring was copied full, so drops may
   * have begun after its last record, which its LOST record tells only later (when that CPU has a
   * next event): the round's processes are read from /proc again as after a loss.
   */
  Relearned scan(List<MemorySegment> chunks, List<Long> lengths, boolean[] full) {
    changed.clear();
    sawLost = false;
    lostUntil = Long.MIN_VALUE;
    for (boolean f : full) {
      sawLost |= f; // drops may have begun: the fds of the round's processes are read again
    }
    for (int i = 0; i < chunks.size(); i++) {
      RingBuffer.forEachRecord(chunks.get(i), lengths.get(i), noteChanges);
    }
    for (int i = 0; i < chunks.size(); i++) {
      RingBuffer.forEachRecord(chunks.get(i), lengths.get(i), resolveNew);
    }
    Relearned ready =
        unchecked == null || lostUntil >= unchecked.time() ? null : checked(unchecked);
    unchecked = null;
    long now = System.nanoTime();
    if (sawLost && now - lastRelearn >= RELEARN_EVERY_NS) {
      lastRelearn = now;
      activePids.clear();
      for (int i = 0; i < chunks.size(); i++) {
        RingBuffer.forEachRecord(chunks.get(i), lengths.get(i), collectPids);
      }
      unchecked = readProc(now);
    }
    return ready;
  }

  /** The open fds of this round's active processes, as /proc shows them from time on. */
  private Relearned readProc(long time) {
    Map<Integer, Map<Integer, String>> byPid = new HashMap<>();
    int budget = RELEARN_MAX_FDS;
    for (int pid : activePids) {
      Map<Integer, String> fds = new HashMap<>();
      try (DirectoryStream<Path> dir =
          Files.newDirectoryStream(Path.of("/proc", Integer.toString(pid), "fd"))) {
        for (Path fd : dir) {
          if (budget-- <= 0) {
            return new Relearned(time, byPid); // this process's list is incomplete: left out
          }
          int n = Integer.parseInt(fd.getFileName().toString());
          String target = proc.readlink(pid, n);
          if (target != null) {
            fds.put(n, target);
          }
        }
      } catch (IOException | RuntimeException e) {
        continue; // gone (or not a number): nothing to learn about it
      }
      byPid.put(pid, fds);
    }
    return new Relearned(time, byPid);
  }

  /**
   * The scan, with what this round shows changing after it began marked unknown (a null path): an
   * fd closed, replaced or opened while /proc was read may show either file. A process that exec'd
   * meanwhile is left out whole.
   */
  private Relearned checked(Relearned r) {
    Map<Integer, Map<Integer, String>> kept = new HashMap<>();
    r.fdsByPid()
        .forEach(
            (pid, fds) -> {
              if (!changedAfter(pid, ALL_FDS, r.time() - 1)) {
                kept.put(pid, fds);
              }
            });
    changed.forEach(
        (key, time) -> {
          Map<Integer, String> fds = kept.get((int) (key >>> 32));
          if (fds != null && time >= r.time() && (int) key >= 0) {
            fds.put((int) key, null);
          }
        });
    return kept.isEmpty() ? null : new Relearned(r.time(), kept);
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
    @FunctionalInterface
    interface KeyTime {
      void accept(long key, long time);
    }

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

    /** Each key noted, with its latest time. */
    void forEach(KeyTime each) {
      for (int i = 0; size > 0 && i < keys.length; i++) {
        if (used[i]) {
          each.accept(keys[i], times[i]);
        }
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
