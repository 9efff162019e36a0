package dev.jtrace.tracer.event;

import dev.jtrace.tracer.perf.RecordType;
import dev.jtrace.tracer.perf.SampleLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntPredicate;

/**
 * Looks at the returns in freshly copied ring data, before any decoding, and resolves the path of each new fd
 * from /proc at once: the earliest moment user space can, so the fd is rarely already closed or reused. The
 * decoder later picks the path up by (tid, time).
 */
public final class NewFdScanner {
  private final SyscallTracepoints tracepoints;
  private final IntPredicate returnsNewFd;
  private final FdLink proc;
  private final Map<Long, String> paths = new ConcurrentHashMap<>();

  public NewFdScanner(
      SyscallTracepoints tracepoints, IntPredicate returnsNewFd, FdLink proc) {
    this.tracepoints = tracepoints;
    this.returnsNewFd = returnsNewFd;
    this.proc = proc;
  }

  /** Reads what fd of pid points to, or null. */
  @FunctionalInterface
  public interface FdLink {
    String readlink(int pid, int fd);
  }

  private static long key(int tid, long time) {
    return time * 1_000_003L + tid;
  }

  /** Scans a linear copy of ring records. */
  public void scan(MemorySegment s, long length) {
    long o = 0;
    while (o + 8 <= length) {
      long header = s.get(ValueLayout.JAVA_LONG_UNALIGNED, o);
      int size = (int) (header >>> 48) & 0xffff;
      if (size < 8 || o + size > length) {
        return;
      }
      if ((int) header == RecordType.SAMPLE) {
        long raw = o + SampleLayout.SAMPLE_RAW;
        int type = s.get(ValueLayout.JAVA_SHORT_UNALIGNED, raw) & 0xffff;
        if (tracepoints.isExit(type)) {
          int nr = s.get(ValueLayout.JAVA_INT_UNALIGNED, raw + SampleLayout.RAW_NR);
          long ret = s.get(ValueLayout.JAVA_LONG_UNALIGNED, raw + SampleLayout.RAW_ARGS);
          if (ret >= 0 && returnsNewFd.test(nr)) {
            int pid = s.get(ValueLayout.JAVA_INT_UNALIGNED, o + SampleLayout.SAMPLE_PID);
            int tid = s.get(ValueLayout.JAVA_INT_UNALIGNED, o + SampleLayout.SAMPLE_TID);
            long time = s.get(ValueLayout.JAVA_LONG_UNALIGNED, o + SampleLayout.SAMPLE_TIME);
            String p = proc.readlink(pid, (int) ret);
            if (p != null) {
              paths.put(key(tid, time), p);
            }
          }
        }
      }
      o += size;
    }
  }

  /** The decoder's resolver: the path found at scan time for this return, taken once. */
  public String take(int tid, long time) {
    if (paths.isEmpty()) {
      return null;
    }
    return paths.remove(key(tid, time));
  }
}
