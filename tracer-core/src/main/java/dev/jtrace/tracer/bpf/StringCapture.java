package dev.jtrace.tracer.bpf;

import static dev.jtrace.tracer.bpf.BpfAssembler.B;
import static dev.jtrace.tracer.bpf.BpfAssembler.DW;
import static dev.jtrace.tracer.bpf.BpfAssembler.H;
import static dev.jtrace.tracer.bpf.BpfAssembler.R0;
import static dev.jtrace.tracer.bpf.BpfAssembler.R1;
import static dev.jtrace.tracer.bpf.BpfAssembler.R10;
import static dev.jtrace.tracer.bpf.BpfAssembler.R2;
import static dev.jtrace.tracer.bpf.BpfAssembler.R3;
import static dev.jtrace.tracer.bpf.BpfAssembler.R4;
import static dev.jtrace.tracer.bpf.BpfAssembler.R5;
import static dev.jtrace.tracer.bpf.BpfAssembler.R6;
import static dev.jtrace.tracer.bpf.BpfAssembler.R7;
import static dev.jtrace.tracer.bpf.BpfAssembler.R8;
import static dev.jtrace.tracer.bpf.BpfAssembler.R9;
import static dev.jtrace.tracer.bpf.BpfAssembler.W;

import dev.jtrace.beauty.ByteText;
import dev.jtrace.beauty.SyscallBeautifier;
import dev.jtrace.beauty.SyscallSignature;
import dev.jtrace.perf.abi.EventAttr;
import dev.jtrace.perfdata.tracing.RecordedFormats;
import dev.jtrace.tracer.perf.NativeCalls;
import dev.jtrace.tracer.perf.PerfEvent;
import dev.jtrace.tracer.perf.PerfException;
import dev.jtrace.tracer.perf.Tracefs;
import dev.jtrace.tracer.perf.TracerAttr;
import dev.jtrace.tracer.select.SyscallSelection;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Copies the string arguments (paths) of syscalls in the kernel, at sys_enter, for the traced tasks
 * only, into the tracer's per-CPU rings as samples of a per-CPU BPF output event.
 *
 * <p>A program on the sys_enter tracepoint looks the syscall up in a map of which arguments are
 * strings, then the current thread in a map of traced threads (kept up to date across fork by a
 * second program on {@code sched:sched_process_fork}, and emptied of ended threads by a third on
 * {@code sched:sched_process_exit}), and emits each string with {@code bpf_probe_read_user_str}. A
 * string whose page is not resident cannot be read there: its sample says so (length 0), so that an
 * entry without a sample for each of its strings is known to have lost one.
 *
 * <p>Each sample's raw payload: u16 {@link #MARKER} (never a tracepoint id), u8 argument index, u8
 * 0, u32 syscall number, u32 length with the NUL (0: unreadable), u32 0, u64 the pointer, then the
 * bytes. A tracepoint's programs run before its sample is written, so in a CPU's ring the strings
 * come before their sys_enter sample.
 *
 * <p>Given a {@link CompatCheck}, the program also marks the traced tasks' 32-bit compat calls: a
 * sample of u16 {@link #COMPAT_MARKER}, u16 0, u32 syscall number (the compat ABI's), 16 bytes 0,
 * before the call's sys_enter sample; it copies no strings for those (their numbers and argument
 * layouts are another ABI's).
 */
public final class StringCapture implements AutoCloseable {
  /** The first u16 of a captured string's raw payload. */
  public static final int MARKER = 0xffff;

  /** The first u16 of a compat call's mark (never a tracepoint id either). */
  public static final int COMPAT_MARKER = 0xfffe;

  /** Longest string copied, NUL included (PATH_MAX). */
  public static final int MAX_STRING = 4096;

  /** The syscall numbers the argument map covers. */
  public static final int MAX_SYSCALL = 1024;

  private static final int PAYLOAD_HEADER = 24;
  private static final int TRACED = 1;
  private static final int EXCLUDED = 2;
  private static final int PERF_TYPE_SOFTWARE = 1;
  private static final int PERF_COUNT_SW_BPF_OUTPUT = 10;
  private static final int HELPER_MAP_LOOKUP = 1;
  private static final int HELPER_MAP_DELETE = 3;
  private static final int HELPER_GET_CURRENT_PID_TGID = 14;
  private static final int HELPER_PERF_EVENT_OUTPUT = 25;
  private static final int HELPER_PROBE_READ_USER_STR = 114;

  private final List<Integer> fds = new ArrayList<>();
  private final List<PerfEvent> events = new ArrayList<>();
  private final Map<Integer, PerfEvent> outputByCpu = new HashMap<>();

  /** The attr of the output events. */
  private EventAttr outputAttr;

  private final boolean allTasks;
  private final CompatCheck compat;
  private Map<Integer, int[]> stringArgs = Map.of();
  private int anchorCpu;
  private int tidsMap;
  private int argsMap;
  private int scratchMap;
  private int outputsMap;

  /**
   * The sys_enter program by how many argument fields its tracepoint has (the verifier's limit).
   */
  private final Map<Integer, Integer> enterPrograms = new HashMap<>();

  private StringCapture(boolean allTasks, CompatCheck compat) {
    this.allTasks = allTasks;
    this.compat = compat;
  }

  /**
   * A captured string, decoded from a sample's raw payload.
   *
   * @param pointer the argument's value, which the string's entry must have
   * @param value the string, or null when its memory could not be read in the kernel
   */
  public record CapturedString(int syscall, int argIndex, long pointer, String value) {}

  /**
   * Loads the programs and opens one BPF output event per CPU.
   *
   * @param stringArgs per syscall number, the indexes (0–5) of its string arguments (at most two
   *     used)
   * @param allTasks capture for every task but the excluded ones (system-wide), else only traced
   *     ones
   * @param watermark the output events' wakeup watermark in bytes
   */
  public static StringCapture open(
      Tracefs tracefs,
      List<Integer> cpus,
      Map<Integer, int[]> stringArgs,
      boolean allTasks,
      int watermark)
      throws PerfException {
    return open(tracefs, cpus, stringArgs, allTasks, watermark, null);
  }

  /**
   * As {@link #open(Tracefs, List, Map, boolean, int)}, marking compat calls too when compat is not
   * null.
   */
  public static StringCapture open(
      Tracefs tracefs,
      List<Integer> cpus,
      Map<Integer, int[]> stringArgs,
      boolean allTasks,
      int watermark,
      CompatCheck compat)
      throws PerfException {
    StringCapture c = new StringCapture(allTasks, compat);
    try {
      c.openAll(tracefs, cpus, stringArgs, watermark);
      c.stringArgs = Map.copyOf(stringArgs);
      return c;
    } catch (PerfException | RuntimeException e) {
      c.close();
      throw e;
    }
  }

  /**
   * Which arguments to copy, per syscall: the user-memory strings (paths, and char pointers the
   * beautifier prints as text) of every selected call that has one, at most two each; empty when
   * none has any.
   *
   * @param selection the -e selection, or null for every syscall
   */
  public static Map<Integer, int[]> argsFor(
      SyscallBeautifier beautifier, SyscallSelection.Selection selection) {
    Map<Integer, int[]> stringArgs = new HashMap<>();
    for (int nr : beautifier.numbers()) {
      SyscallSignature sig = beautifier.signature(nr);
      if (sig == null || nr >= MAX_SYSCALL || (selection != null && !selection.contains(nr))) {
        continue;
      }
      int[] idx =
          IntStream.range(0, sig.args().size())
              .filter(i -> sig.args().get(i).printsUserString())
              .limit(2)
              .toArray();
      if (idx.length > 0) {
        stringArgs.put(nr, idx);
      }
    }
    return stringArgs;
  }

  private int track(int fd) {
    fds.add(fd);
    return fd;
  }

  private void openAll(
      Tracefs tracefs, List<Integer> cpus, Map<Integer, int[]> stringArgs, int watermark)
      throws PerfException {
    int maxCpu = cpus.stream().mapToInt(Integer::intValue).max().orElse(0);
    anchorCpu = cpus.isEmpty() ? 0 : cpus.get(0);
    tidsMap = track(Bpf.createMap(Bpf.MAP_HASH, 4, 4, 1 << 16));
    argsMap = track(Bpf.createMap(Bpf.MAP_ARRAY, 4, 4, MAX_SYSCALL));
    int scratch = track(Bpf.createMap(Bpf.MAP_PERCPU_ARRAY, 4, PAYLOAD_HEADER + MAX_STRING, 1));
    int outputs = track(Bpf.createMap(Bpf.MAP_PERF_EVENT_ARRAY, 4, 4, maxCpu + 1));
    for (Map.Entry<Integer, int[]> e : stringArgs.entrySet()) {
      int nr = e.getKey();
      int[] idx = e.getValue();
      if (nr < 0 || nr >= MAX_SYSCALL || idx.length == 0) {
        continue;
      }
      int spec = (idx[0] + 1) | (idx.length > 1 ? (idx[1] + 1) << 8 : 0);
      Bpf.updateU32(argsMap, nr, spec);
    }
    outputAttr =
        TracerAttr.sampled(PERF_TYPE_SOFTWARE, PERF_COUNT_SW_BPF_OUTPUT)
            .wakeupWatermark(watermark)
            .build();
    for (int cpu : cpus) {
      PerfEvent out = PerfEvent.open(outputAttr, -1, cpu, "bpf-output");
      events.add(out);
      outputByCpu.put(cpu, out);
      Bpf.updateU32(outputs, cpu, out.fd());
    }
    scratchMap = scratch;
    outputsMap = outputs;
    enterProgram(
        6); // raw_syscalls:sys_enter's: load it now, so a program the kernel refuses fails here
    if (!allTasks) {
      attachForkFollower(tracefs);
      attachExitCleaner(tracefs);
    }
  }

  /** The loaded sys_enter program for tracepoints with argFields argument fields. */
  private int enterProgram(int argFields) throws PerfException {
    Integer fd = enterPrograms.get(argFields);
    if (fd == null) {
      fd =
          track(
              Bpf.loadProgram(
                  Bpf.PROG_TRACEPOINT,
                  enterProgram(
                      tidsMap, argsMap, scratchMap, outputsMap, allTasks, argFields, compat),
                  "jtrace_strings"));
      enterPrograms.put(argFields, fd);
    }
    return fd;
  }

  /**
   * The sys_enter program: see the class comment. It reads only the first {@code argFields}
   * arguments: the kernel refuses (EACCES) a program that may read past its tracepoint's record,
   * and {@code syscalls:sys_enter_openat} has four arguments where raw_syscalls has six.
   */
  static long[] enterProgram(
      int tids,
      int args,
      int scratch,
      int outputs,
      boolean allTasks,
      int argFields,
      CompatCheck compat) {
    BpfAssembler a = new BpfAssembler();
    a.movReg(R6, R1);
    if (compat != null) {
      compat.emit(a, R7, -16);
      a.jumpImm(BpfAssembler.JNE, R7, 0, "compat");
    }
    // First the syscall: most calls (read, write, …) have no string argument, and the array lookup
    // is
    // inlined by the JIT, much cheaper than the hash lookup of the thread that follows.
    a.load(
        W, R7, R6, 8); // the syscall number: raw_syscalls' long id, or syscalls' int __syscall_nr
    a.jumpImm(BpfAssembler.JGT, R7, MAX_SYSCALL - 1, "out");
    a.store(W, R10, -8, R7);
    a.loadMap(R1, args).movReg(R2, R10).aluImm(BpfAssembler.ADD, R2, -8).call(HELPER_MAP_LOOKUP);
    a.jumpImm(BpfAssembler.JEQ, R0, 0, "out");
    a.load(W, R8, R0, 0);
    a.jumpImm(BpfAssembler.JEQ, R8, 0, "out");
    selectedThreadScratch(a, tids, scratch, allTasks, "selected");
    a.movReg(R9, R0);
    a.storeImm(H, R9, 0, MARKER);
    a.storeImm(B, R9, 3, 0);
    a.store(W, R9, 4, R7);
    a.storeImm(W, R9, 12, 0);
    for (int slot = 0; slot < 2; slot++) {
      String next = "next" + slot;
      String have = "have" + slot;
      a.movReg(R1, R8).aluImm(BpfAssembler.RSH, R1, 8 * slot).aluImm(BpfAssembler.AND, R1, 0xff);
      for (int i = 1; i <= argFields; i++) {
        a.jumpImm(BpfAssembler.JEQ, R1, i, "arg" + slot + "_" + i);
      }
      a.jumpAlways(next);
      for (int i = 1; i <= argFields; i++) {
        // Tracepoint context: arguments are 8 bytes each from offset 16 (both syscall event kinds).
        a.label("arg" + slot + "_" + i).load(DW, R3, R6, 16 + 8 * (i - 1)).jumpAlways(have);
      }
      String unreadable = "unreadable" + slot;
      String emit = "emit" + slot;
      a.label(have);
      a.aluImm(BpfAssembler.SUB, R1, 1).store(B, R9, 2, R1);
      a.store(DW, R9, 16, R3);
      a.movReg(R1, R9).aluImm(BpfAssembler.ADD, R1, PAYLOAD_HEADER).movImm(R2, MAX_STRING);
      a.call(HELPER_PROBE_READ_USER_STR);
      a.jumpImm(BpfAssembler.JSLE, R0, 0, unreadable);
      a.jumpImm(BpfAssembler.JGT, R0, MAX_STRING, unreadable);
      a.store(W, R9, 8, R0);
      a.movReg(R5, R0).aluImm(BpfAssembler.ADD, R5, PAYLOAD_HEADER).jumpAlways(emit);
      a.label(unreadable).storeImm(W, R9, 8, 0).movImm(R5, PAYLOAD_HEADER);
      a.label(emit);
      a.movReg(R1, R6).loadMap(R2, outputs).mov32Imm(R3, -1).movReg(R4, R9); // BPF_F_CURRENT_CPU
      a.call(HELPER_PERF_EVENT_OUTPUT);
      a.label(next);
    }
    a.label("out").movImm(R0, 1).exit(); // 1: the tracepoint's own sample is still written
    if (compat != null) {
      a.label("compat");
      a.load(W, R7, R6, 8);
      selectedThreadScratch(a, tids, scratch, allTasks, "compat_selected");
      a.movReg(R9, R0);
      a.storeImm(W, R9, 0, COMPAT_MARKER);
      a.store(W, R9, 4, R7);
      for (int off = 8; off < PAYLOAD_HEADER; off += 4) {
        a.storeImm(W, R9, off, 0);
      }
      a.movReg(R1, R6).loadMap(R2, outputs).mov32Imm(R3, -1).movReg(R4, R9);
      a.movImm(R5, PAYLOAD_HEADER).call(HELPER_PERF_EVENT_OUTPUT);
      a.jumpAlways("out");
    }
    return a.build();
  }

  /**
   * Emits: go to "out" unless the current thread is selected (traced, or not excluded system-wide);
   * else leave the per-CPU scratch buffer in R0. Uses the stack at -4 and -12.
   */
  private static void selectedThreadScratch(
      BpfAssembler a, int tids, int scratch, boolean allTasks, String selected) {
    a.call(HELPER_GET_CURRENT_PID_TGID);
    a.store(W, R10, -4, R0); // the thread id: low half
    a.loadMap(R1, tids).movReg(R2, R10).aluImm(BpfAssembler.ADD, R2, -4).call(HELPER_MAP_LOOKUP);
    if (allTasks) {
      a.jumpImm(BpfAssembler.JEQ, R0, 0, selected);
      a.load(W, R1, R0, 0).jumpImm(BpfAssembler.JEQ, R1, EXCLUDED, "out");
    } else {
      a.jumpImm(BpfAssembler.JEQ, R0, 0, "out");
      a.load(W, R1, R0, 0).jumpImm(BpfAssembler.JNE, R1, TRACED, "out");
    }
    a.label(selected);
    a.storeImm(W, R10, -12, 0);
    a.loadMap(R1, scratch)
        .movReg(R2, R10)
        .aluImm(BpfAssembler.ADD, R2, -12)
        .call(HELPER_MAP_LOOKUP);
    a.jumpImm(BpfAssembler.JEQ, R0, 0, "out");
  }

  /** Adds each child of a traced thread to the traced threads, in the kernel, before it runs. */
  private void attachForkFollower(Tracefs tracefs) throws PerfException {
    int prog =
        track(
            Bpf.loadProgram(
                Bpf.PROG_TRACEPOINT,
                TaskTracepoints.forkFollower(tracefs, tidsMap, TRACED),
                "jtrace_forks"));
    attachToTracepoint(tracefs.eventId("sched", "sched_process_fork"), prog, "sched_process_fork");
  }

  /**
   * Forgets each traced thread when it ends, in the kernel: the map stays as small as the live
   * traced threads (a build forks far more tasks than it holds), and a recycled thread id of an
   * untraced task is not taken for a traced one.
   */
  private void attachExitCleaner(Tracefs tracefs) throws PerfException {
    BpfAssembler a = new BpfAssembler();
    a.call(HELPER_GET_CURRENT_PID_TGID);
    a.store(W, R10, -4, R0); // the thread id: low half
    a.loadMap(R1, tidsMap).movReg(R2, R10).aluImm(BpfAssembler.ADD, R2, -4).call(HELPER_MAP_DELETE);
    a.movImm(R0, 0).exit(); // 0: no sample for this event
    int prog = track(Bpf.loadProgram(Bpf.PROG_TRACEPOINT, a.build(), "jtrace_exits"));
    attachToTracepoint(tracefs.eventId("sched", "sched_process_exit"), prog, "sched_process_exit");
  }

  private void attachToTracepoint(long id, int prog, String name) throws PerfException {
    events.add(TaskTracepoints.attach(id, prog, anchorCpu, name));
  }

  /**
   * Runs the capture program on a sys_enter tracepoint whose record has argFields argument fields:
   * call once per tracepoint.
   */
  public void attachTo(long tracepointId, int argFields) throws PerfException {
    if (argFields <= 0) {
      // no argument, no string (getppid): and a program reading none is all unreachable code,
      // which the verifier refuses; compat calls are marked on raw_syscalls only
      return;
    }
    attachToTracepoint(
        tracepointId, enterProgram(Math.max(0, Math.min(6, argFields))), "sys_enter strings");
  }

  /** Sends the strings captured on cpu into the ring that event owns. */
  public void redirectInto(int cpu, PerfEvent ringOwner) throws PerfException {
    PerfEvent out = outputByCpu.get(cpu);
    if (out != null) {
      out.redirectTo(ringOwner);
    }
  }

  /** The attr the per-CPU output events were opened with. */
  public EventAttr outputAttr() {
    return outputAttr;
  }

  /** The sample ids of the per-CPU output events. */
  public long[] outputIds() throws PerfException {
    long[] ids = new long[outputByCpu.size()];
    int i = 0;
    for (PerfEvent e : outputByCpu.values()) {
      ids[i++] = e.id();
    }
    return ids;
  }

  /** The name a recording gives the output events: {@code jtrace -i} pairs their strings. */
  public static final String RECORDED_NAME = RecordedFormats.STRINGS_NAME;

  /**
   * The format a recording describes the strings' samples with: {@link RecordedFormats#STRINGS}.
   */
  public static final String RECORDED_FORMAT = RecordedFormats.STRINGS;

  /** Per syscall number, the indexes of the arguments whose strings are copied. */
  public Map<Integer, int[]> stringArgs() {
    return stringArgs;
  }

  /** Whether compat calls are marked. */
  public boolean marksCompat() {
    return compat != null;
  }

  /** Captures this thread's strings (and, through fork, its descendants'). */
  public void trace(int tid) throws PerfException {
    Bpf.updateU32(tidsMap, tid, TRACED);
  }

  /** Never captures this thread's strings (system-wide mode: jtrace itself). */
  public void exclude(int tid) throws PerfException {
    Bpf.updateU32(tidsMap, tid, EXCLUDED);
  }

  public void enable() throws PerfException {
    for (PerfEvent e : outputByCpu.values()) {
      e.enable();
    }
  }

  /**
   * Decodes a raw payload that starts with {@link #MARKER}, or returns null for any other payload.
   *
   * @param raw the sample's raw bytes
   * @param size their length
   */
  public static CapturedString decode(MemorySegment raw, long offset, int size) {
    if (size < PAYLOAD_HEADER
        || (raw.get(ValueLayout.JAVA_SHORT_UNALIGNED, offset) & 0xffff) != MARKER) {
      return null;
    }
    int arg = raw.get(ValueLayout.JAVA_BYTE, offset + 2);
    int nr = raw.get(ValueLayout.JAVA_INT_UNALIGNED, offset + 4);
    int len = raw.get(ValueLayout.JAVA_INT_UNALIGNED, offset + 8);
    long pointer = raw.get(ValueLayout.JAVA_LONG_UNALIGNED, offset + 16);
    if (len == 0) {
      return new CapturedString(nr, arg, pointer, null);
    }
    if (len < 0 || len > MAX_STRING || PAYLOAD_HEADER + len > size) {
      return null;
    }
    byte[] bytes = new byte[len - 1]; // without the NUL
    MemorySegment.copy(raw, ValueLayout.JAVA_BYTE, offset + PAYLOAD_HEADER, bytes, 0, len - 1);
    // A byte string (one char per byte): a name that is not UTF-8 prints escaped, not as U+FFFD.
    return new CapturedString(nr, arg, pointer, ByteText.of(bytes, 0, bytes.length));
  }

  @Override
  public void close() {
    for (PerfEvent e : events) {
      e.close();
    }
    events.clear();
    outputByCpu.clear();
    for (int fd : fds) {
      NativeCalls.close(fd);
    }
    fds.clear();
  }
}
