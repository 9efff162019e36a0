package dev.jtrace.tracer.event;

import dev.jtrace.beauty.ByteText;
import dev.jtrace.perf.abi.RecordLayout;
import dev.jtrace.perf.abi.RecordType;
import dev.jtrace.perfdata.tracing.RawPayload;
import dev.jtrace.perfdata.tracing.TracepointFormat;
import dev.jtrace.symbols.Symbolizer;
import dev.jtrace.tracer.bpf.StringCapture;
import dev.jtrace.tracer.perf.RecordSink;
import dev.jtrace.tracer.perf.TracerAttr;
import dev.jtrace.unwind.StackCopy;
import dev.jtrace.unwind.Unwinder;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Arrays;
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

  // A syscall exit with its stack: the raw data follows the callchain.
  private static final int CHAIN = TracerAttr.CALLCHAIN_LAYOUT.sampleCallchain();
  private static final int ID = LAYOUT.sampleId();

  /** MMAP2's fields after the header: pid, tid, addr, len, pgoff, then dev/inode or build id. */
  private static final int MMAP2_INODE = 48;

  private static final int MMAP2_FILENAME = 72;

  private final SyscallTracepoints tracepoints;

  /** Sorted ids of the exit events with a callchain; empty: no sample has one. */
  private long[] callchainIds = new long[0];

  /** Follows the tasks' mappings for the stacks (null: no stacks asked). */
  private Symbolizer symbolizer;

  /** Sorted ids of the exit events with the user registers and stack (--call-graph dwarf). */
  private long[] dwarfIds = new long[0];

  /** Unwinds the DWARF samples' stacks (null: none asked). */
  private Unwinder unwinder;

  private final StackCopy stackCopy = new StackCopy();
  private long[] userFrames = new long[0];
  private static final RecordLayout DWARF_LAYOUT = TracerAttr.DWARF_LAYOUT;

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

  /** The time of the last sample of each CPU (its ring), or Long.MIN_VALUE. */
  private long[] lastTimeByCpu = new long[0];

  /** The time of the first sample decoded, or Long.MIN_VALUE. */
  private long firstTime = Long.MIN_VALUE;

  /**
   * Decodes the callchains of these exit events' samples and keeps the symbolizer's mappings
   * current from the MMAP2, FORK and exec records.
   */
  public void withStacks(long[] exitIds, Symbolizer mappings) {
    long[] ids = exitIds.clone();
    Arrays.sort(ids);
    this.callchainIds = ids;
    this.symbolizer = mappings;
  }

  /**
   * Unwinds the user stacks of these exit events' samples (a subset of the callchain ids), at most
   * {@code frames} frames each, with the CFI of the binaries the symbolizer maps.
   */
  public void withUserStacks(long[] ids, int frames, Unwinder unwinder) {
    long[] sorted = ids.clone();
    Arrays.sort(sorted);
    this.dwarfIds = sorted;
    this.unwinder = unwinder;
    this.userFrames = new long[Math.max(1, frames)];
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
        if (symbolizer != null && (misc & RecordType.MISC_COMM_EXEC) != 0 && pid == tid) {
          symbolizer.exec(pid);
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
        if (symbolizer != null && type == RecordType.FORK && pid != ppid) {
          symbolizer.fork(ppid, pid);
        }
        out.accept(
            type == RecordType.FORK
                ? new TaskFork(time, cpu, pid, ppid, tid, ptid)
                : new TaskExit(time, cpu, pid, ppid, tid, ptid));
      }
      case RecordType.LOST -> {
        long n = s.get(LONG, o + 16);
        lost += n;
        int cpu = trailerCpu(s, o, size);
        out.accept(new Lost(lossTime(cpu, trailerTime(s, o, size)), cpu, n));
      }
      case RecordType.MMAP2 -> {
        if (symbolizer != null) {
          mmap2(s, o, misc, size);
        }
      }
      default -> {}
    }
  }

  /**
   * When a loss is placed: the kernel stamps a LOST record when it writes it, once its ring has
   * room again, so the records of other CPUs from the time of the drops would come before it and be
   * printed with what the lost records would have changed (an fd's name). Just after the last
   * record of the same CPU is when the drops may have begun; on a CPU with none yet (its ring
   * filled before the first copy), before the first record of any CPU.
   */
  private long lossTime(int cpu, long stamped) {
    if (cpu < 0 || cpu >= lastTimeByCpu.length || lastTimeByCpu[cpu] == Long.MIN_VALUE) {
      return firstTime == Long.MIN_VALUE ? stamped : Math.min(stamped, firstTime - 1);
    }
    return Math.min(stamped, lastTimeByCpu[cpu] + 1);
  }

  private void sawTime(int cpu, long time) {
    if (cpu < 0) {
      return;
    }
    if (cpu >= lastTimeByCpu.length) {
      int old = lastTimeByCpu.length;
      lastTimeByCpu = Arrays.copyOf(lastTimeByCpu, Math.max(cpu + 1, 2 * old));
      Arrays.fill(lastTimeByCpu, old, lastTimeByCpu.length, Long.MIN_VALUE);
    }
    lastTimeByCpu[cpu] = time;
    if (firstTime == Long.MIN_VALUE) {
      firstTime = time;
    }
  }

  private void mmap2(MemorySegment s, long o, int misc, int size) {
    int pid = s.get(INT, o + 8);
    long end = o + size - TRAILER;
    StringBuilder path = new StringBuilder(64);
    for (long p = o + MMAP2_FILENAME; p < end; p++) {
      byte b = s.get(ValueLayout.JAVA_BYTE, p);
      if (b == 0) {
        break;
      }
      path.append((char) (b & 0xff));
    }
    String key = null;
    if ((misc & RecordType.MISC_MMAP_BUILD_ID) == 0) {
      int major = s.get(INT, o + 40);
      int minor = s.get(INT, o + 44);
      long inode = s.get(LONG, o + MMAP2_INODE);
      key = inode == 0 ? null : String.format("%02x:%02x:%d", major, minor, inode);
    }
    symbolizer.mmap(
        pid, s.get(LONG, o + 16), s.get(LONG, o + 24), s.get(LONG, o + 32), path.toString(), key);
  }

  private void sample(MemorySegment s, long o) {
    sawTime(s.get(INT, o + CPU), s.get(LONG, o + TIME));
    int pid = s.get(INT, o + PID);
    if (pid == ignoredPid) {
      return;
    }
    if (callchainIds.length > 0 && Arrays.binarySearch(callchainIds, s.get(LONG, o + ID)) >= 0) {
      exitWithStack(s, o, pid);
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

  /** A syscall exit whose raw data follows its callchain. */
  private void exitWithStack(MemorySegment s, long o, int pid) {
    int n = (int) Math.min(s.get(LONG, o + CHAIN), 4096);
    long[] chain = new long[n];
    MemorySegment.copy(s, LONG, o + CHAIN + 8, chain, 0, n);
    long raw = o + CHAIN + 8 + 8L * n + 4;
    int commonType = s.get(SHORT, raw + SyscallTracepoints.RAW_COMMON_TYPE) & 0xffff;
    if (!tracepoints.isExit(commonType)) {
      return;
    }
    if (dwarfIds.length > 0 && Arrays.binarySearch(dwarfIds, s.get(LONG, o + ID)) >= 0) {
      chain = withUnwoundUser(s, raw + s.get(INT, raw - 4), pid, chain);
    }
    int tid = s.get(INT, o + TID);
    long time = s.get(LONG, o + TIME);
    int nr = s.get(INT, raw + SyscallTracepoints.RAW_NR);
    long ret = s.get(LONG, raw + SyscallTracepoints.RAW_ARGS);
    String path = ret >= 0 ? fdResolver.resolve(pid, tid, time, nr, ret) : null;
    samples++;
    out.accept(new SyscallExit(time, s.get(INT, o + CPU), pid, tid, nr, ret, path, chain));
  }

  /**
   * The kernel frames of {@code chain} followed by the user frames unwound from the registers and
   * stack copy at {@code at} (the REGS_USER block, after the raw data).
   */
  private long[] withUnwoundUser(MemorySegment s, long at, int pid, long[] chain) {
    long abi = s.get(LONG, at);
    long stackAt = at + (DWARF_LAYOUT.userRegsEnd(0, abi));
    int frames = 0;
    if (abi != RecordLayout.REGS_ABI_NONE
        && unwinder
            .arch()
            .fromPerf(
                TracerAttr.USER_REGS,
                s,
                at + 8,
                DWARF_LAYOUT.userRegisters(),
                unwinder.registers(),
                unwinder.known())) {
      long size = s.get(LONG, stackAt);
      long copied = size == 0 ? 0 : Math.min(size, s.get(LONG, stackAt + 8 + size));
      long sp = unwinder.registers()[unwinder.arch().stackPointer()];
      stackCopy.reset(s, stackAt + 8, sp, copied);
      frames = unwinder.unwind(pid, stackCopy, userFrames, 0, userFrames.length);
    }
    long[] out = new long[chain.length + (frames > 0 ? frames + 1 : 0)];
    System.arraycopy(chain, 0, out, 0, chain.length);
    if (frames > 0) {
      out[chain.length] = Symbolizer.CONTEXT_USER;
      System.arraycopy(userFrames, 0, out, chain.length + 1, frames);
    }
    return out;
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
