package dev.jtrace.tracer.event;

import dev.jtrace.beauty.ByteText;
import dev.jtrace.perf.abi.RecordLayout;
import dev.jtrace.perf.abi.RecordType;
import dev.jtrace.perfdata.tracing.RawPayload;
import dev.jtrace.perfdata.tracing.TracepointFormat;
import dev.jtrace.tracer.bpf.StringCapture;
import dev.jtrace.tracer.perf.RecordSink;
import dev.jtrace.tracer.perf.TracerAttr;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.function.Consumer;

/**
 * Turns raw ring records into {@link TraceRecord}s, in a tight loop with no lookups but an array
 * index. Samples of tasks in {@code ignoredPid} (jtrace itself) are dropped here: threads born
 * after the kernel filter was installed are not in it.
 */
public final class RingRecordDecoder implements RecordSink {
  /** Resolves the path of an fd a syscall just returned, or null; called at decode time. */
  @FunctionalInterface
  public interface NewFdResolver {
    String resolve(int pid, int tid, long time, int nr, long ret);

    NewFdResolver NONE = (pid, tid, time, nr, ret) -> null;
  }

  private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED;
  private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED;
  private static final ValueLayout.OfShort SHORT = ValueLayout.JAVA_SHORT_UNALIGNED;

  // The tracer's record layout as constants, so the JIT folds the offsets.
  private static final RecordLayout LAYOUT = TracerAttr.LAYOUT;
  private static final int PID = LAYOUT.samplePid();
  private static final int TID = LAYOUT.sampleTid();
  private static final int TIME = LAYOUT.sampleTime();
  private static final int CPU = LAYOUT.sampleCpu();
  private static final int RAW_SIZE = LAYOUT.sampleRawSize();
  private static final int RAW = LAYOUT.sampleRaw();
  private static final int TRAILER = LAYOUT.trailerSize();
  private static final int TRAILER_TIME = LAYOUT.trailerTimeFromEnd();
  private static final int TRAILER_CPU = LAYOUT.trailerCpuFromEnd();

  private final SyscallTracepoints tracepoints;
  private final int ignoredPid;
  private final NewFdResolver fdResolver;
  private final Consumer<TraceRecord> out;
  private long samples;
  private long lost;
  private TracepointTable others = TracepointTable.EMPTY;

  public RingRecordDecoder(
      SyscallTracepoints tracepoints,
      int ignoredPid,
      NewFdResolver fdResolver,
      Consumer<TraceRecord> out) {
    this.tracepoints = tracepoints;
    this.ignoredPid = ignoredPid;
    this.fdResolver = fdResolver;
    this.out = out;
  }

  /** Decodes the samples of these tracepoints too (beside the syscalls' and side-band records). */
  public void decodeAlso(TracepointTable tracepoints) {
    this.others = tracepoints;
  }

  /** Syscall samples decoded so far. */
  public long samples() {
    return samples;
  }

  /** Records the kernel reported lost so far. */
  public long lost() {
    return lost;
  }

  @Override
  public void record(MemorySegment s, long o, int type, int misc, int size) {
    switch (type) {
      case RecordType.SAMPLE -> sample(s, o);
      case RecordType.COMM -> {
        int pid = s.get(INT, o + 8);
        int tid = s.get(INT, o + 12);
        long end = o + size - TRAILER;
        StringBuilder comm = new StringBuilder(16);
        for (long p = o + 16; p < end; p++) {
          byte b = s.get(ValueLayout.JAVA_BYTE, p);
          if (b == 0) {
            break;
          }
          comm.append((char) (b & 0xff));
        }
        out.accept(
            new TaskComm(
                trailerTime(s, o, size),
                trailerCpu(s, o, size),
                pid,
                tid,
                comm.toString(),
                (misc & RecordType.MISC_COMM_EXEC) != 0));
      }
      case RecordType.FORK, RecordType.EXIT -> {
        int pid = s.get(INT, o + 8);
        int ppid = s.get(INT, o + 12);
        int tid = s.get(INT, o + 16);
        int ptid = s.get(INT, o + 20);
        long time = s.get(LONG, o + 24);
        int cpu = trailerCpu(s, o, size);
        out.accept(
            type == RecordType.FORK
                ? new TaskFork(time, cpu, pid, ppid, tid, ptid)
                : new TaskExit(time, cpu, pid, ppid, tid, ptid));
      }
      case RecordType.LOST -> {
        long n = s.get(LONG, o + 16);
        lost += n;
        out.accept(new Lost(trailerTime(s, o, size), trailerCpu(s, o, size), n));
      }
      default -> {}
    }
  }

  private void sample(MemorySegment s, long o) {
    int pid = s.get(INT, o + PID);
    if (pid == ignoredPid) {
      return;
    }
    long raw = o + RAW;
    int commonType = s.get(SHORT, raw + SyscallTracepoints.RAW_COMMON_TYPE) & 0xffff;
    int tid = s.get(INT, o + TID);
    long time = s.get(LONG, o + TIME);
    int cpu = s.get(INT, o + CPU);
    if (commonType == StringCapture.MARKER) {
      int rawSize = s.get(INT, o + RAW_SIZE);
      StringCapture.CapturedString c = StringCapture.decode(s, raw, rawSize);
      if (c != null) {
        out.accept(
            new SyscallString(
                time, cpu, pid, tid, c.syscall(), c.argIndex(), c.pointer(), c.value()));
      }
      return;
    }
    if (commonType == StringCapture.COMPAT_MARKER) {
      out.accept(new CompatEntry(time, cpu, pid, tid, s.get(INT, raw + 4)));
      return;
    }
    TracepointFormat other = others.format(commonType);
    if (other != null) {
      byte[] bytes = new byte[s.get(INT, o + RAW_SIZE)];
      MemorySegment.copy(s, ValueLayout.JAVA_BYTE, raw, bytes, 0, bytes.length);
      out.accept(
          new TracepointSample(
              time, cpu, pid, tid, new RawPayload(other, bytes, ByteOrder.LITTLE_ENDIAN)));
      return;
    }
    int nr = s.get(INT, raw + SyscallTracepoints.RAW_NR);
    if (tracepoints.isEnter(commonType)) {
      int n = tracepoints.argCount(commonType);
      long[] args = new long[6];
      for (int i = 0; i < n; i++) {
        args[i] = s.get(LONG, raw + SyscallTracepoints.RAW_ARGS + 8L * i);
      }
      int[] copies = tracepoints.copyOffsets(commonType);
      String[] strings =
          copies == null ? null : copiedStrings(s, raw, s.get(INT, o + RAW_SIZE), copies);
      samples++;
      out.accept(new SyscallEnter(time, cpu, pid, tid, nr, args, strings, 0));
    } else if (tracepoints.isExit(commonType)) {
      long ret = s.get(LONG, raw + SyscallTracepoints.RAW_ARGS);
      String path = ret >= 0 ? fdResolver.resolve(pid, tid, time, nr, ret) : null;
      samples++;
      out.accept(new SyscallExit(time, cpu, pid, tid, nr, ret, path));
    }
  }

  /**
   * The strings the kernel copied into an entry record (6.19+): each {@code __data_loc} u32 holds
   * the bytes' offset in the record and their length with the NUL (0: the memory was unreadable).
   */
  private static String[] copiedStrings(MemorySegment s, long raw, int rawSize, int[] copyOffsets) {
    String[] strings = null;
    for (int i = 0; i < copyOffsets.length; i++) {
      if (copyOffsets[i] == 0 || copyOffsets[i] + 4 > rawSize) {
        continue;
      }
      int loc = s.get(INT, raw + copyOffsets[i]);
      int offset = loc & 0xffff;
      int length = loc >>> 16;
      if (length == 0 || offset + length > rawSize) {
        continue;
      }
      byte[] bytes = new byte[length];
      MemorySegment.copy(s, ValueLayout.JAVA_BYTE, raw + offset, bytes, 0, length);
      int end = bytes[length - 1] == 0 ? length - 1 : length;
      strings = strings == null ? new String[6] : strings;
      strings[i] = ByteText.of(bytes, 0, end);
    }
    return strings;
  }

  private static long trailerTime(MemorySegment s, long o, int size) {
    return s.get(LONG, o + size - TRAILER_TIME);
  }

  private static int trailerCpu(MemorySegment s, long o, int size) {
    return s.get(INT, o + size - TRAILER_CPU);
  }
}
