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

  // A tracepoint of -e other than a syscall's: PERIOD before the raw data.
  private static final int COUNTED_RAW_SIZE = TracerAttr.COUNTED_LAYOUT.sampleRawSize();
  private static final int COUNTED_CHAIN = TracerAttr.COUNTED_CALLCHAIN_LAYOUT.sampleCallchain();

  // A page fault: its own layout, told by the id (first in every sample).
  private static final RecordLayout FAULT = TracerAttr.FAULT_LAYOUT;
  private static final int FAULT_IP = FAULT.sampleIp();
  private static final int FAULT_PID = FAULT.samplePid();
  private static final int FAULT_TID = FAULT.sampleTid();
  private static final int FAULT_TIME = FAULT.sampleTime();
  private static final int FAULT_ADDR = FAULT.sampleAddr();
  private static final int FAULT_CPU = FAULT.sampleCpu();
  private static final int FAULT_CHAIN = TracerAttr.FAULT_CALLCHAIN_LAYOUT.sampleCallchain();
  private static final int CPUMODE_MASK = 7;
  private static final int CPUMODE_KERNEL = 1;

  // A syscall exit with its stack: the raw data follows the callchain.
  private static final int CHAIN = TracerAttr.CALLCHAIN_LAYOUT.sampleCallchain();
  private static final int ID = LAYOUT.sampleId();

  /** MMAP2's fields after the header: pid, tid, addr, len, pgoff, then dev/inode or build id. */
  private static final int MMAP2_INODE = 48;

  private static final int MMAP2_FILENAME = 72;

  private final SyscallTracepoints tracepoints;

  /** Sorted ids of the exit events with a callchain; empty: no sample has one. */
  private long[] callchainIds = new long[0];

  /** Sorted ids of the major and the minor page-fault events; empty: none is open. */
  private long[] majorFaultIds = new long[0];

  private long[] minorFaultIds = new long[0];

  /** Whether MMAP2 records are decoded ({@link TaskMmap}): stacks or page faults are named. */
  private boolean mappings;

  /** Sorted ids of the exit events with the user registers and stack (--call-graph dwarf). */
  private long[] dwarfIds = new long[0];

  /** Unwinds the DWARF samples' stacks (null: none asked). */
  private Unwinder unwinder;

  /** The mappings the unwinder reads, kept by the decoder (null: no unwinding). */
  private Symbolizer unwindMappings;

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
   * Decodes the callchains of these exit events' samples, and the MMAP2 records that name their
   * frames (whoever names them follows the mappings in time order: {@link TaskMmap}).
   */
  public void withStacks(long[] exitIds) {
    long[] ids = exitIds.clone();
    Arrays.sort(ids);
    this.callchainIds = ids;
    this.mappings = true;
  }

  /**
   * Decodes the samples of these page-fault events (sorted ids) too, and the MMAP2 records that
   * name their places.
   */
  public void withPageFaults(long[] majorIds, long[] minorIds, boolean callchains) {
    this.majorFaultIds = majorIds.clone();
    this.minorFaultIds = minorIds.clone();
    this.faultCallchains = callchains;
    this.mappings = true;
  }

  /** The last FORK or EXIT decoded: its copies are dropped. */
  private int lastTaskType;

  private int lastTaskPid;
  private int lastTaskTid;

  /** Whether the page faults' samples end with a callchain. */
  private boolean faultCallchains;

  /**
   * Decodes the samples of these eBPF output events (by sample id) into {@link BpfOutput}s named by
   * their map.
   */
  public void decodeOutputs(java.util.Map<Long, String> mapById) {
    long[] ids = mapById.keySet().stream().mapToLong(Long::longValue).sorted().toArray();
    String[] names = new String[ids.length];
    for (int i = 0; i < ids.length; i++) {
      names[i] = mapById.get(ids[i]);
    }
    this.outputIds = ids;
    this.outputMaps = names;
  }

  /**
   * The output events among those whose samples carry a callchain (an object's /max-stack=N/), by
   * id, each with the frames its stacks keep (the kernel's sample_max_stack counts its context
   * markers too).
   */
  public void decodeOutputStacks(java.util.Map<Long, Integer> framesById) {
    long[] ids = framesById.keySet().stream().mapToLong(Long::longValue).sorted().toArray();
    int[] frames = new int[ids.length];
    for (int i = 0; i < ids.length; i++) {
      frames[i] = framesById.get(ids[i]);
    }
    this.outputStackIds = ids;
    this.outputStackFrames = frames;
    if (ids.length > 0) {
      this.mappings = true;
    }
  }

  /** Sorted ids of the output events with a callchain, and each one's frames; empty: none. */
  private long[] outputStackIds = new long[0];

  private int[] outputStackFrames = new int[0];

  /** The chain without its frames past the first {@code frames} (context markers kept). */
  private static long[] firstFrames(long[] chain, int frames) {
    int kept = 0;
    for (int i = 0; i < chain.length; i++) {
      if (chain[i] >= Symbolizer.CONTEXT_MAX && chain[i] < 0) {
        continue;
      }
      if (++kept > frames) {
        return Arrays.copyOf(chain, i);
      }
    }
    return chain;
  }

  /** Sorted ids of the eBPF objects' output events, and each one's map; empty: none. */
  private long[] outputIds = new long[0];

  private String[] outputMaps = new String[0];

  /**
   * Unwinds the user stacks of these exit events' samples (a subset of the callchain ids), at most
   * {@code frames} frames each, with the CFI of the binaries {@code mappings} maps: the decoder
   * keeps those mappings current from the MMAP2, exec and fork records as it decodes them.
   */
  public void withUserStacks(long[] ids, int frames, Unwinder unwinder, Symbolizer mappings) {
    long[] sorted = ids.clone();
    Arrays.sort(sorted);
    this.dwarfIds = sorted;
    this.unwinder = unwinder;
    this.unwindMappings = mappings;
    this.mappings = true;
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
  /**
   * The copy of cpu's ring just decoded filled it: the kernel may be dropping from here on. Hands
   * on a {@link Lost} of count 0 just after that CPU's last record, which the LOST record the
   * kernel writes later (when that CPU has a next event) may come long after.
   */
  public void ringWasFull(int cpu) {
    long at =
        cpu >= 0 && cpu < lastTimeByCpu.length && lastTimeByCpu[cpu] != Long.MIN_VALUE
            ? lastTimeByCpu[cpu] + 1
            : firstTime == Long.MIN_VALUE ? 0 : firstTime - 1;
    out.accept(new Lost(at, cpu, 0));
  }

  public long lost() {
    return lost;
  }

  @Override
  public void record(MemorySegment s, long o, int type, int misc, int size) {
    switch (type) {
      case RecordType.SAMPLE -> {
        if (majorFaultIds.length + minorFaultIds.length > 0 && fault(s, o, misc)) {
          return;
        }
        sample(s, o);
      }
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
        if (unwindMappings != null && (misc & RecordType.MISC_COMM_EXEC) != 0 && pid == tid) {
          unwindMappings.exec(pid);
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
        // The kernel writes a task's FORK or EXIT once per event that follows tasks or mappings
        // (the side-band event, and those that carry mappings for stacks or faults), each copy
        // stamped on its own: they follow one another in the same ring. A task forks and ends once.
        if (type == lastTaskType && pid == lastTaskPid && tid == lastTaskTid) {
          return;
        }
        lastTaskType = type;
        lastTaskPid = pid;
        lastTaskTid = tid;
        if (unwindMappings != null && type == RecordType.FORK && pid != ppid) {
          unwindMappings.fork(ppid, pid);
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
        if (mappings) {
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
    if (unwindMappings != null) {
      unwindMappings.mmap(
          pid, s.get(LONG, o + 16), s.get(LONG, o + 24), s.get(LONG, o + 32), path.toString(), key);
    }
    out.accept(
        new TaskMmap(
            trailerTime(s, o, size),
            trailerCpu(s, o, size),
            pid,
            s.get(LONG, o + 16),
            s.get(LONG, o + 24),
            s.get(LONG, o + 32),
            path.toString(),
            key));
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
    if (outputIds.length > 0) {
      long id = s.get(LONG, o + ID);
      int at = Arrays.binarySearch(outputIds, id);
      if (at >= 0) {
        long[] chain = null;
        long raw = o + RAW;
        int stack = outputStackIds.length > 0 ? Arrays.binarySearch(outputStackIds, id) : -1;
        if (stack >= 0) {
          // the raw data follows the callchain
          int n = (int) Math.min(s.get(LONG, o + CHAIN), 4096);
          chain = new long[n];
          MemorySegment.copy(s, LONG, o + CHAIN + 8, chain, 0, n);
          raw = o + CHAIN + 8 + 8L * n + 4;
          chain = firstFrames(chain, outputStackFrames[stack]);
        }
        byte[] bytes = new byte[s.get(INT, raw - 4)];
        MemorySegment.copy(s, ValueLayout.JAVA_BYTE, raw, bytes, 0, bytes.length);
        out.accept(
            new BpfOutput(
                s.get(LONG, o + TIME),
                s.get(INT, o + CPU),
                pid,
                s.get(INT, o + TID),
                outputMaps[at],
                bytes,
                chain));
        return;
      }
    }
    int tid = s.get(INT, o + TID);
    long time = s.get(LONG, o + TIME);
    int cpu = s.get(INT, o + CPU);
    long id = s.get(LONG, o + ID);
    if (others.hasEvent(id)) {
      long[] chain = null;
      long rawSize = o + COUNTED_RAW_SIZE;
      if (others.hasCallchain(id)) {
        int n = (int) Math.min(s.get(LONG, o + COUNTED_CHAIN), 4096);
        chain = new long[n];
        MemorySegment.copy(s, LONG, o + COUNTED_CHAIN + 8, chain, 0, n);
        rawSize = o + COUNTED_CHAIN + 8 + 8L * n;
      }
      long raw = rawSize + 4;
      TracepointFormat other =
          others.format(s.get(SHORT, raw + SyscallTracepoints.RAW_COMMON_TYPE) & 0xffff);
      if (other != null) {
        byte[] bytes = new byte[s.get(INT, rawSize)];
        MemorySegment.copy(s, ValueLayout.JAVA_BYTE, raw, bytes, 0, bytes.length);
        out.accept(
            new TracepointSample(
                time, cpu, pid, tid, new RawPayload(other, bytes, ByteOrder.LITTLE_ENDIAN), chain));
      }
      return;
    }
    long raw = o + RAW;
    int commonType = s.get(SHORT, raw + SyscallTracepoints.RAW_COMMON_TYPE) & 0xffff;
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

  /** Decodes the sample if it is a page fault's; returns whether it was. */
  private boolean fault(MemorySegment s, long o, int misc) {
    long id = s.get(LONG, o + ID);
    boolean major = Arrays.binarySearch(majorFaultIds, id) >= 0;
    if (!major && Arrays.binarySearch(minorFaultIds, id) < 0) {
      return false;
    }
    long time = s.get(LONG, o + FAULT_TIME);
    int cpu = s.get(INT, o + FAULT_CPU);
    sawTime(cpu, time);
    int pid = s.get(INT, o + FAULT_PID);
    if (pid != ignoredPid) {
      long[] chain = null;
      if (faultCallchains) {
        int n = (int) Math.min(s.get(LONG, o + FAULT_CHAIN), 4096);
        chain = new long[n];
        MemorySegment.copy(s, LONG, o + FAULT_CHAIN + 8, chain, 0, n);
      }
      out.accept(
          new PageFault(
              time,
              cpu,
              pid,
              s.get(INT, o + FAULT_TID),
              major,
              s.get(LONG, o + FAULT_IP),
              s.get(LONG, o + FAULT_ADDR),
              (misc & CPUMODE_MASK) == CPUMODE_KERNEL,
              chain));
    }
    return true;
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
