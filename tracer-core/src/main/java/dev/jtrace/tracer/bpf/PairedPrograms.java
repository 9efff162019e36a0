package dev.jtrace.tracer.bpf;

import static dev.jtrace.tracer.bpf.BpfAssembler.ADD;
import static dev.jtrace.tracer.bpf.BpfAssembler.AND;
import static dev.jtrace.tracer.bpf.BpfAssembler.B;
import static dev.jtrace.tracer.bpf.BpfAssembler.DW;
import static dev.jtrace.tracer.bpf.BpfAssembler.JEQ;
import static dev.jtrace.tracer.bpf.BpfAssembler.JGT;
import static dev.jtrace.tracer.bpf.BpfAssembler.JNE;
import static dev.jtrace.tracer.bpf.BpfAssembler.JSGT;
import static dev.jtrace.tracer.bpf.BpfAssembler.JSLE;
import static dev.jtrace.tracer.bpf.BpfAssembler.JSLT;
import static dev.jtrace.tracer.bpf.BpfAssembler.MUL;
import static dev.jtrace.tracer.bpf.BpfAssembler.OR;
import static dev.jtrace.tracer.bpf.BpfAssembler.R0;
import static dev.jtrace.tracer.bpf.BpfAssembler.R1;
import static dev.jtrace.tracer.bpf.BpfAssembler.R10;
import static dev.jtrace.tracer.bpf.BpfAssembler.R2;
import static dev.jtrace.tracer.bpf.BpfAssembler.R3;
import static dev.jtrace.tracer.bpf.BpfAssembler.R4;
import static dev.jtrace.tracer.bpf.BpfAssembler.R6;
import static dev.jtrace.tracer.bpf.BpfAssembler.R7;
import static dev.jtrace.tracer.bpf.BpfAssembler.R8;
import static dev.jtrace.tracer.bpf.BpfAssembler.R9;
import static dev.jtrace.tracer.bpf.BpfAssembler.RSH;
import static dev.jtrace.tracer.bpf.BpfAssembler.SUB;
import static dev.jtrace.tracer.bpf.BpfAssembler.W;

import dev.jtrace.beauty.content.CapturePhase;
import dev.jtrace.beauty.content.ContentKind;
import dev.jtrace.beauty.content.ContentLength;
import dev.jtrace.beauty.content.ContentSpec;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Emits the paired capture's programs for one {@link ContentPlan}: raw_syscalls sys_enter (filter,
 * header, entry contents into the thread's record), sys_exit (return, exit contents, strings read
 * again, one record into the ring buffer), and sched_process_exit (a call the task never returns
 * from goes out marked, the thread's record is freed). Loop-free: per syscall a straight run of
 * blocks reached through a binary tree of compares on the number, every variable offset bounded by
 * a compare before use, so old verifiers accept it.
 *
 * <p>Registers: R6 the context, R7 the syscall number, R8 the write offset in the record, R9 the
 * record (a map value). Stack: fp-8 the tid key, fp-16 pid_tgid, fp-24..-48 scratch, fp-184.. the
 * pt_regs copy (enter) or a header-only record (exit).
 */
final class PairedPrograms {
  static final int TRACED = 1;
  static final int EXCLUDED = 2;

  /** A command's task before its exec: traced from the exec on (perf's enable_on_exec). */
  static final int TRACED_AFTER_EXEC = 3;

  /**
   * {@link PairedLayout#STATE} of a call --filter dropped at entry: its exit sends nothing (and is
   * not taken for a return whose entry was not seen).
   */
  static final int FILTERED_OUT = 2;

  /** In the syscalls array: the number is captured as a native call, as a compat call. */
  static final int NATIVE_CAPTURED = 1;

  static final int COMPAT_CAPTURED = 2;

  /**
   * {@link PairedLayout#FLAGS} while a native call's filter waits for its exit (a string not
   * readable at entry); cleared before the record goes out.
   */
  static final int FILTER_AT_EXIT = 1 << 30;

  private static final int HELPER_MAP_LOOKUP = 1;
  private static final int HELPER_MAP_UPDATE = 2;
  private static final int HELPER_MAP_DELETE = 3;
  private static final int HELPER_KTIME_GET_NS = 5;
  private static final int HELPER_GET_SMP_PROCESSOR_ID = 8;
  private static final int HELPER_GET_CURRENT_CGROUP_ID = 80;
  private static final int HELPER_GET_CURRENT_PID_TGID = 14;
  private static final int HELPER_GET_CURRENT_TASK = 35;
  private static final int HELPER_PROBE_READ_USER = 112;
  private static final int HELPER_PROBE_READ_KERNEL = 113;
  private static final int HELPER_PROBE_READ_USER_STR = 114;
  private static final int HELPER_PROBE_READ_KERNEL_STR = 115;
  private static final int HELPER_RINGBUF_OUTPUT = 130;
  private static final int RB_NO_WAKEUP = 1;

  private static final int KEY = -8;
  private static final int PID_TGID = -16;
  private static final int SCRATCH = -24;
  private static final int LENGTH = -32;
  private static final int STATUS = -40;
  private static final int REGS = -48 - 288;

  // The pt_regs area is free once the arguments are in the record: an iovec array's and argv's
  // walk keeps its state there.
  private static final int ELEMENT = REGS;
  private static final int BASE = REGS + 16;
  private static final int COUNT = REGS + 24;
  private static final int REMAINING = REGS + 32;

  /** Where the low 32 bits of a u64 argument are in the record. */
  private static final int LOW_HALF = ByteOrder.nativeOrder() == ByteOrder.BIG_ENDIAN ? 4 : 0;

  /** The maps the programs use, by fd. */
  record Maps(int syscalls, int tids, int records, int template, int ring, int lost) {}

  /**
   * One syscall's kernel function the programs run on (fentry at its start, fexit at its return),
   * instead of the raw syscall tracepoints: the number and the ABI are fixed (the function serves
   * that one call of that ABI), the context is the function's arguments, its pt_regs pointer first
   * and, at fexit, the return value second, which is where the raw tracepoints have them too.
   *
   * @param nr the call's number in its ABI
   * @param compat an ia32 entry point ({@code __ia32_sys_*}): compat flag and argument registers
   * @param compatNr for a function both ABIs call (a {@code SYSCALL_DEFINE0}'s {@code __do_sys_*},
   *     which the x64 and ia32 stubs alias), the ia32 number a compat task's call has (told by
   *     TS_COMPAT, when the compat offset is known); else -1
   */
  record Function(int nr, boolean compat, int compatNr) {
    Function(int nr, boolean compat) {
      this(nr, compat, -1);
    }
  }

  /**
   * One syscall's own tracepoints the programs run on (syscalls:sys_enter_NAME and sys_exit_NAME,
   * BPF_PROG_TYPE_TRACEPOINT) instead of the raw ones: the number is fixed, the ABI native (the
   * kernel does not fire these for compat calls), and the context the kernel builds for a program
   * there: the arguments from offset 16, 8 bytes each, at entry, the return at 16 at exit.
   *
   * @param nr the call's native number
   * @param argCount how many arguments its format declares (the rest are left zero)
   */
  record SyscallTracepoint(int nr, int argCount) {}

  /** Where a syscall tracepoint's context holds the first argument (entry) or the return (exit). */
  private static final int TRACEPOINT_ARGS = 16;

  private final ContentPlan plan;
  private final Maps maps;
  private final SyscallRegs regs;
  private final boolean allTasks;
  private final int compatOffset;
  private final int recordSize;
  private final CallFilter filter;
  private final ArgFilterEmitter argFilter;

  /** The one call the programs serve (a kernel function's or a syscall tracepoint's), or null. */
  private final Function function;

  /** The syscall tracepoint the programs run on, or null. */
  private final SyscallTracepoint tracepoint;

  private int labels;

  /**
   * @param allTasks every task but the excluded ones (system-wide), else only traced ones
   * @param compatOffset the offset in task_struct of thread_info's status (from BTF), or -1: no
   *     {@link PairedLayout#COMPAT} flag is computed
   */
  PairedPrograms(
      ContentPlan plan, Maps maps, SyscallRegs regs, boolean allTasks, int compatOffset) {
    this(plan, maps, regs, allTasks, compatOffset, CallFilter.NONE, -1);
  }

  /**
   * @param filter --filter and -G, decided at entry
   * @param filterScratch the per-CPU buffer the filter reads strings into, or -1 (no string test)
   */
  PairedPrograms(
      ContentPlan plan,
      Maps maps,
      SyscallRegs regs,
      boolean allTasks,
      int compatOffset,
      CallFilter filter,
      int filterScratch) {
    this(plan, maps, regs, allTasks, compatOffset, filter, filterScratch, null);
  }

  /**
   * @param function the kernel function the programs attach to, or null: the raw syscall
   *     tracepoints
   */
  PairedPrograms(
      ContentPlan plan,
      Maps maps,
      SyscallRegs regs,
      boolean allTasks,
      int compatOffset,
      CallFilter filter,
      int filterScratch,
      Function function) {
    this(plan, maps, regs, allTasks, compatOffset, filter, filterScratch, function, null);
  }

  /** Programs for one syscall's own tracepoints. */
  PairedPrograms(
      ContentPlan plan,
      Maps maps,
      SyscallRegs regs,
      boolean allTasks,
      CallFilter filter,
      int filterScratch,
      SyscallTracepoint tracepoint) {
    this(
        plan,
        maps,
        regs,
        allTasks,
        -1,
        filter,
        filterScratch,
        new Function(tracepoint.nr(), false),
        tracepoint);
  }

  private PairedPrograms(
      ContentPlan plan,
      Maps maps,
      SyscallRegs regs,
      boolean allTasks,
      int compatOffset,
      CallFilter filter,
      int filterScratch,
      Function function,
      SyscallTracepoint tracepoint) {
    this.function = function;
    this.tracepoint = tracepoint;
    this.filter = filter;
    this.argFilter = new ArgFilterEmitter(filter.arguments(), filterScratch, SCRATCH, LENGTH);
    this.plan = plan;
    this.maps = maps;
    this.regs = regs;
    this.allTasks = allTasks;
    this.compatOffset = compatOffset;
    this.recordSize = plan.recordSize();
  }

  private String label(String what) {
    return what + "_" + labels++;
  }

  /** Looks up map[fp+keyOff]: R0 is the value or 0. */
  private static void lookup(BpfAssembler a, int map, int keyOff) {
    a.loadMap(R1, map).movReg(R2, R10).aluImm(ADD, R2, keyOff).call(HELPER_MAP_LOOKUP);
  }

  /** Jumps to out unless the current thread (key at fp-8) is one to capture. */
  private void taskFilter(BpfAssembler a, String out) {
    lookup(a, maps.tids, KEY);
    if (allTasks) {
      String selected = label("selected");
      a.jumpImm(JEQ, R0, 0, selected);
      a.load(W, R1, R0, 0).jumpImm(JEQ, R1, EXCLUDED, out);
      a.label(selected);
    } else {
      a.jumpImm(JEQ, R0, 0, out);
      a.load(W, R1, R0, 0).jumpImm(JNE, R1, TRACED, out);
    }
  }

  /** Jumps to out unless syscall R7 is captured (R7 bounded first). */
  private void syscallFilter(BpfAssembler a, String out) {
    a.jumpImm(JGT, R7, ContentPlan.MAX_SYSCALL - 1, out);
    // A function runs for its one captured call. A syscall tracepoint's programs test their call
    // too: clearing it is how the capture stops them without closing the events (slow).
    if (plan.capturesAll() || (function != null && tracepoint == null)) {
      return;
    }
    a.store(W, R10, SCRATCH, R7);
    lookup(a, maps.syscalls, SCRATCH);
    a.jumpImm(JEQ, R0, 0, out);
    a.load(W, R1, R0, 0).jumpImm(JEQ, R1, 0, out);
  }

  /** The current pid_tgid at fp-16, its tid as the key at fp-8. */
  private static void currentTask(BpfAssembler a) {
    a.call(HELPER_GET_CURRENT_PID_TGID);
    a.store(DW, R10, PID_TGID, R0);
    a.store(W, R10, KEY, R0);
  }

  /** Copies R9's record [0, R8) into the ring, counting a failure as a lost call. */
  private void output(BpfAssembler a, int src, String out) {
    a.loadMap(R1, maps.ring).movReg(R2, src).movReg(R3, R8).movImm(R4, RB_NO_WAKEUP);
    a.call(HELPER_RINGBUF_OUTPUT);
    a.jumpImm(JEQ, R0, 0, out);
    a.storeImm(W, R10, SCRATCH, 0);
    lookup(a, maps.lost, SCRATCH);
    a.jumpImm(JEQ, R0, 0, out);
    a.load(DW, R1, R0, 0).aluImm(ADD, R1, 1).store(DW, R0, 0, R1);
  }

  long[] enter() {
    BpfAssembler a = new BpfAssembler();
    a.movReg(R6, R1);
    if (function == null) {
      a.load(DW, R7, R6, 8); // raw ctx: args[0] the pt_regs pointer, args[1] the syscall number
    } else {
      a.movImm(R7, function.nr()); // fentry ctx: args[0] the pt_regs pointer, nothing more
    } // a syscall tracepoint's: the arguments themselves
    syscallFilter(a, "out");
    CgroupFilterEmitter.emit(a, filter.cgroup(), "out");
    currentTask(a);
    // A thread with a record is one to capture (records are made for those only, and go with the
    // thread): one hash lookup per call instead of two.
    lookup(a, maps.records, KEY);
    a.jumpImm(JNE, R0, 0, "have");
    taskFilter(a, "out");
    // The thread's first call: its record is made once, from a zeroed template, and kept.
    a.storeImm(W, R10, SCRATCH, 0);
    lookup(a, maps.template, SCRATCH);
    a.jumpImm(JEQ, R0, 0, "out");
    a.movReg(R3, R0).loadMap(R1, maps.records).movReg(R2, R10).aluImm(ADD, R2, KEY);
    a.movImm(R4, 0).call(HELPER_MAP_UPDATE);
    lookup(a, maps.records, KEY);
    a.jumpImm(JEQ, R0, 0, "out");
    a.label("have").movReg(R9, R0);
    if (tracepoint == null) {
      a.movReg(R1, R10).aluImm(ADD, R1, REGS).movImm(R2, regs.size());
      a.load(DW, R3, R6, 0).call(HELPER_PROBE_READ_KERNEL);
      a.jumpImm(JNE, R0, 0, "out");
    }
    a.store(W, R9, PairedLayout.NR, R7);
    a.load(DW, R1, R10, PID_TGID).store(W, R9, PairedLayout.TID, R1);
    a.aluImm(RSH, R1, 32).store(W, R9, PairedLayout.PID, R1);
    a.storeImm(W, R9, PairedLayout.RETRY_MASK, 0);
    a.storeImm(DW, R9, PairedLayout.EXIT_TIME, 0);
    a.storeImm(DW, R9, PairedLayout.RET, 0);
    a.call(HELPER_GET_SMP_PROCESSOR_ID).store(W, R9, PairedLayout.CPU, R0);
    a.call(HELPER_GET_CURRENT_CGROUP_ID).store(DW, R9, PairedLayout.CGROUP, R0);
    a.storeImm(W, R9, PairedLayout.FLAGS, 0);
    if (tracepoint != null) {
      for (int i = 0; i < 6; i++) {
        if (i < tracepoint.argCount()) {
          a.load(DW, R1, R6, TRACEPOINT_ARGS + 8 * i).store(DW, R9, PairedLayout.ARGS + 8 * i, R1);
        } else {
          a.storeImm(DW, R9, PairedLayout.ARGS + 8 * i, 0);
        }
      }
    } else if (function != null && function.compatNr() >= 0 && compatOffset >= 0) {
      bothAbisArgs(a);
    } else if (function != null) {
      // the function serves one ABI: no TS_COMPAT to read (and no dead code for the verifier)
      if (function.compat()) {
        a.storeImm(W, R9, PairedLayout.FLAGS, PairedLayout.COMPAT);
      }
      copyArgs(a, function.compat() ? regs.compatArgs() : regs.args());
    } else {
      rawArgs(a);
    }
    a.label("args");
    if (argFilter.filters()) {
      // compat calls have another ABI's numbers: the filters, bound to the native ones, pass them
      a.load(W, R1, R9, PairedLayout.FLAGS).jumpImm(JNE, R1, 0, "kept");
      argFilter.emit(a, "kept", "filtered", "undecided");
      a.label("filtered").storeImm(W, R9, PairedLayout.STATE, FILTERED_OUT).jumpAlways("out");
      if (filter.readsStrings()) {
        a.label("undecided").storeImm(W, R9, PairedLayout.FLAGS, FILTER_AT_EXIT);
      }
    }
    a.label("kept");
    a.call(HELPER_KTIME_GET_NS).store(DW, R9, PairedLayout.ENTER_TIME, R0);
    a.movImm(R8, PairedLayout.HEADER);
    contents(a, CapturePhase.ENTER);
    a.store(W, R9, PairedLayout.END, R8);
    a.storeImm(W, R9, PairedLayout.STATE, PairedLayout.IN_FLIGHT);
    a.label("out").movImm(R0, 0).exit();
    return a.build();
  }

  /**
   * Reads the task's status word: without TS_COMPAT (or unreadable) jumps to "native", else marks
   * the record {@link PairedLayout#COMPAT} and falls through.
   */
  private void markCompatOrJumpToNative(BpfAssembler a) {
    a.call(HELPER_GET_CURRENT_TASK);
    a.movReg(R3, R0).aluImm(ADD, R3, compatOffset);
    a.movReg(R1, R10).aluImm(ADD, R1, SCRATCH).movImm(R2, 4).call(HELPER_PROBE_READ_KERNEL);
    a.jumpImm(JNE, R0, 0, "native");
    a.load(W, R1, R10, SCRATCH)
        .aluImm(AND, R1, CompatCheck.TS_COMPAT)
        .jumpImm(JEQ, R1, 0, "native");
    a.storeImm(W, R9, PairedLayout.FLAGS, PairedLayout.COMPAT);
  }

  /**
   * At a raw tracepoint: the arguments of the task's ABI, a compat call's (TS_COMPAT set) marked
   * {@link PairedLayout#COMPAT}, then a jump to "args".
   */
  private void rawArgs(BpfAssembler a) {
    boolean byAbi = plan.capturesCompatByNumber();
    if (compatOffset >= 0 && regs.compatArgs() != null) {
      markCompatOrJumpToNative(a);
      if (byAbi) {
        abiFilter(a, COMPAT_CAPTURED);
      }
      copyArgs(a, regs.compatArgs());
      a.jumpAlways("args");
    }
    a.label("native");
    if (byAbi) {
      abiFilter(a, NATIVE_CAPTURED);
    }
    copyArgs(a, regs.args());
  }

  /**
   * The syscall test passed a number some ABI captures: a call of the other ABI with that number
   * (i386's write is x86_64's stat) is dropped here, the record marked so its exit drops it too.
   */
  private void abiFilter(BpfAssembler a, int abi) {
    String other = label("other_abi");
    String kept = label("abi_kept");
    a.store(W, R10, SCRATCH, R7);
    lookup(a, maps.syscalls, SCRATCH);
    a.jumpImm(JEQ, R0, 0, other);
    a.load(W, R1, R0, 0).aluImm(AND, R1, abi).jumpImm(JNE, R1, 0, kept);
    a.label(other).storeImm(W, R9, PairedLayout.STATE, FILTERED_OUT).jumpAlways("out");
    a.label(kept);
  }

  /**
   * At a function both ABIs call: as {@link #rawArgs}, a compat call also taking the ia32 number
   * (R7 and the record's), then a jump to "args".
   */
  private void bothAbisArgs(BpfAssembler a) {
    markCompatOrJumpToNative(a);
    a.movImm(R7, function.compatNr()).store(W, R9, PairedLayout.NR, R7);
    copyArgs(a, regs.compatArgs());
    a.jumpAlways("args");
    a.label("native");
    copyArgs(a, regs.args());
  }

  private static void copyArgs(BpfAssembler a, int[] offsets) {
    for (int i = 0; i < 6; i++) {
      a.load(DW, R1, R10, REGS + offsets[i]).store(DW, R9, PairedLayout.ARGS + 8 * i, R1);
    }
  }

  /** Where the exit's context holds the return value. */
  private int retOffset() {
    return tracepoint != null ? TRACEPOINT_ARGS : 8; // raw tracepoint's args[1], fexit's second
  }

  long[] exit() {
    BpfAssembler a = new BpfAssembler();
    a.movReg(R6, R1);
    currentTask(a);
    lookup(a, maps.records, KEY);
    a.jumpImm(JEQ, R0, 0, "orphan");
    a.movReg(R9, R0);
    a.load(W, R1, R9, PairedLayout.STATE).jumpImm(JEQ, R1, FILTERED_OUT, "dropped");
    a.jumpImm(JNE, R1, PairedLayout.IN_FLIGHT, "orphan");
    // Not in flight from here on: a user-space scan of the records no longer reports it.
    a.storeImm(W, R9, PairedLayout.STATE, 0);
    a.load(DW, R1, R6, retOffset()).store(DW, R9, PairedLayout.RET, R1);
    a.call(HELPER_KTIME_GET_NS).store(DW, R9, PairedLayout.EXIT_TIME, R0);
    a.load(W, R7, R9, PairedLayout.NR);
    if (filter.readsStrings()) {
      // a filter's string not readable at entry: decided now, its page faulted in by the call
      a.load(W, R1, R9, PairedLayout.FLAGS).jumpImm(JNE, R1, FILTER_AT_EXIT, "decided");
      a.storeImm(W, R9, PairedLayout.FLAGS, 0);
      argFilter.emit(a, "decided", "out", "decided");
      a.label("decided");
    }
    a.load(W, R8, R9, PairedLayout.END);
    a.jumpImm(JGT, R8, recordSize, "out");
    a.jumpImm(JSLT, R8, PairedLayout.HEADER, "out");
    contents(a, CapturePhase.EXIT);
    a.jumpImm(JGT, R8, recordSize, "out");
    a.store(W, R9, PairedLayout.END, R8);
    output(a, R9, "out");
    a.jumpAlways("out");

    a.label("dropped").storeImm(W, R9, PairedLayout.STATE, 0).jumpAlways("out");

    // A return whose entry was not seen: a header-only record, for a thread to capture.
    a.label("orphan");
    taskFilter(a, "out");
    CgroupFilterEmitter.emit(a, filter.cgroup(), "out");
    if (function == null) {
      a.movReg(R1, R10).aluImm(ADD, R1, SCRATCH).movImm(R2, 8);
      a.load(DW, R3, R6, 0).aluImm(ADD, R3, regs.nr()).call(HELPER_PROBE_READ_KERNEL);
      a.jumpImm(JNE, R0, 0, "out");
      a.load(W, R7, R10, SCRATCH);
    } else {
      a.movImm(R7, function.nr());
    }
    syscallFilter(a, "out");
    argFilter.dropUnknown(a, "out"); // its arguments, to test, are not known
    int rec = REGS; // the pt_regs area is free here
    for (int off = 0; off < PairedLayout.HEADER; off += 8) {
      a.storeImm(DW, R10, rec + off, 0);
    }
    a.storeImm(W, R10, rec + PairedLayout.END, PairedLayout.HEADER);
    a.storeImm(
        W,
        R10,
        rec + PairedLayout.FLAGS,
        PairedLayout.NO_ENTRY | (function != null && function.compat() ? PairedLayout.COMPAT : 0));
    a.store(W, R10, rec + PairedLayout.NR, R7);
    a.load(DW, R1, R10, PID_TGID).store(W, R10, rec + PairedLayout.TID, R1);
    a.aluImm(RSH, R1, 32).store(W, R10, rec + PairedLayout.PID, R1);
    a.load(DW, R1, R6, retOffset()).store(DW, R10, rec + PairedLayout.RET, R1);
    a.call(HELPER_GET_SMP_PROCESSOR_ID).store(W, R10, rec + PairedLayout.CPU, R0);
    a.call(HELPER_GET_CURRENT_CGROUP_ID).store(DW, R10, rec + PairedLayout.CGROUP, R0);
    a.call(HELPER_KTIME_GET_NS).store(DW, R10, rec + PairedLayout.EXIT_TIME, R0);
    a.movImm(R8, PairedLayout.HEADER);
    a.movReg(R9, R10).aluImm(ADD, R9, rec);
    output(a, R9, "out");
    a.label("out").movImm(R0, 0).exit();
    return a.build();
  }

  /**
   * sched_process_exit: a call the ending thread is inside goes out marked {@link
   * PairedLayout#NO_RETURN}; the thread's record is freed and, unless system-wide, it is no longer
   * traced.
   */
  long[] taskExit() {
    BpfAssembler a = new BpfAssembler();
    currentTask(a);
    if (!allTasks) {
      a.loadMap(R1, maps.tids).movReg(R2, R10).aluImm(ADD, R2, KEY).call(HELPER_MAP_DELETE);
    }
    lookup(a, maps.records, KEY);
    a.jumpImm(JEQ, R0, 0, "out");
    a.movReg(R9, R0);
    a.load(W, R1, R9, PairedLayout.STATE).jumpImm(JNE, R1, PairedLayout.IN_FLIGHT, "free");
    a.storeImm(W, R9, PairedLayout.STATE, 0);
    a.load(W, R1, R9, PairedLayout.FLAGS).aluImm(OR, R1, PairedLayout.NO_RETURN);
    a.store(W, R9, PairedLayout.FLAGS, R1);
    a.call(HELPER_KTIME_GET_NS).store(DW, R9, PairedLayout.EXIT_TIME, R0);
    a.load(W, R8, R9, PairedLayout.END);
    a.jumpImm(JGT, R8, recordSize, "free");
    output(a, R9, "free");
    a.label("free");
    a.loadMap(R1, maps.records).movReg(R2, R10).aluImm(ADD, R2, KEY).call(HELPER_MAP_DELETE);
    a.label("out").movImm(R0, 0).exit();
    return a.build();
  }

  /**
   * Where sched_process_exec's record holds the file name: its one dynamic field follows the fixed
   * ones (common 8, the {@code __data_loc} word, pid, old_pid), as the kernel lays it out; the
   * program checks the word says so.
   */
  private static final int EXEC_FILENAME_LOC = 8;

  private static final int EXEC_FILENAME = 20;

  /**
   * sched_process_exec: a command's task waiting for its exec is traced from now on; and an exec
   * call in flight whose file name could not be read at entry (a forked child's string literal, its
   * page not mapped in yet) gets it from the tracepoint, as the kernel resolved it: at the call's
   * exit the old memory is gone.
   */
  long[] taskExec() {
    BpfAssembler a = new BpfAssembler();
    a.movReg(R6, R1);
    currentTask(a);
    movedByExec(a);
    if (!allTasks) {
      lookup(a, maps.tids, KEY);
      a.jumpImm(JEQ, R0, 0, "traced");
      a.load(W, R1, R0, 0).jumpImm(JNE, R1, TRACED_AFTER_EXEC, "traced");
      a.storeImm(W, R0, 0, TRACED);
      a.label("traced");
    }
    List<Integer> execs = new ArrayList<>();
    for (var e : plan.specs().entrySet()) {
      if (e.getValue().stream().anyMatch(x -> x.kind() == ContentKind.STRING_ARRAY)) {
        execs.add(e.getKey());
      }
    }
    if (!execs.isEmpty()) {
      lookup(a, maps.records, KEY);
      a.jumpImm(JEQ, R0, 0, "out");
      a.movReg(R9, R0);
      a.load(W, R1, R9, PairedLayout.STATE).jumpImm(JNE, R1, PairedLayout.IN_FLIGHT, "out");
      // a compat call's number is another ABI's: the native exec calls' do not apply
      a.load(W, R1, R9, PairedLayout.FLAGS).aluImm(AND, R1, PairedLayout.COMPAT);
      a.jumpImm(JNE, R1, 0, "out");
      a.load(W, R1, R6, EXEC_FILENAME_LOC).aluImm(AND, R1, 0xffff);
      a.jumpImm(JNE, R1, EXEC_FILENAME, "out");
      a.load(W, R7, R9, PairedLayout.NR);
      a.load(W, R8, R9, PairedLayout.END);
      a.jumpImm(JGT, R8, recordSize, "out");
      a.jumpImm(JSLT, R8, PairedLayout.HEADER, "out");
      for (int nr : execs) {
        String next = label("exec_next");
        a.jumpImm(JNE, R7, nr, next);
        List<ContentSpec> specs = plan.specs(nr);
        for (int idx = 0; idx < specs.size(); idx++) {
          if (specs.get(idx).kind() == ContentKind.STRING) {
            execName(a, idx, plan.cap(specs.get(idx)));
          }
        }
        a.store(W, R9, PairedLayout.END, R8);
        a.jumpAlways("out");
        a.label(next);
      }
    }
    a.label("out").movImm(R0, 0).exit();
    return a.build();
  }

  /** Where sched_process_exec's record holds the task's id now and before the exec. */
  private static final int EXEC_PID = 12;

  private static final int EXEC_OLD_PID = 16;

  /**
   * An exec by a thread other than the leader: the kernel has given it the leader's id (de_thread,
   * after the leader's exit freed the leader's record and, unless system-wide, its traced state),
   * so the exec call in flight and the traced state move from the old id to the new one; else the
   * exec's return would find no record and the new program would go untraced.
   */
  private void movedByExec(BpfAssembler a) {
    String same = label("same_id");
    a.load(W, R1, R6, EXEC_OLD_PID).load(W, R2, R6, EXEC_PID).jumpReg(JEQ, R1, R2, same);
    a.store(W, R10, SCRATCH, R1); // the old id, as a key
    if (!allTasks) {
      String untraced = label("untraced");
      lookup(a, maps.tids, SCRATCH);
      a.jumpImm(JEQ, R0, 0, untraced);
      a.load(W, R1, R0, 0).jumpImm(JNE, R1, TRACED, untraced);
      a.storeImm(W, R10, STATUS, TRACED);
      a.loadMap(R1, maps.tids).movReg(R2, R10).aluImm(ADD, R2, KEY);
      a.movReg(R3, R10).aluImm(ADD, R3, STATUS).movImm(R4, 0).call(HELPER_MAP_UPDATE);
      a.loadMap(R1, maps.tids).movReg(R2, R10).aluImm(ADD, R2, SCRATCH).call(HELPER_MAP_DELETE);
      a.label(untraced);
    }
    lookup(a, maps.records, SCRATCH);
    a.jumpImm(JEQ, R0, 0, same);
    a.movReg(R3, R0).loadMap(R1, maps.records).movReg(R2, R10).aluImm(ADD, R2, KEY);
    a.movImm(R4, 0).call(HELPER_MAP_UPDATE);
    a.loadMap(R1, maps.records).movReg(R2, R10).aluImm(ADD, R2, SCRATCH).call(HELPER_MAP_DELETE);
    a.label(same);
  }

  /**
   * The exec's file name into a block of content idx, when its read at entry failed: the retry bit
   * cleared, so that the exit does not read the gone pointer again.
   */
  private void execName(BpfAssembler a, int idx, int cap) {
    String skip = label("skip");
    String fail = label("fail");
    retried(a, idx, skip);
    a.load(W, R1, R9, PairedLayout.RETRY_MASK).aluImm(AND, R1, ~(1 << idx));
    a.store(W, R9, PairedLayout.RETRY_MASK, R1);
    block(a, cap, skip);
    a.aluImm(ADD, R1, PairedLayout.BLOCK_HEADER).movImm(R2, cap);
    a.movReg(R3, R6).aluImm(ADD, R3, EXEC_FILENAME).call(HELPER_PROBE_READ_KERNEL_STR);
    stringStatus(a, idx, cap, fail);
    endElement(a, idx, fail, false, skip);
    a.label(skip);
    forgetOffset(a);
  }

  /**
   * The blocks of every syscall with contents in this phase, reached by number (R7): a compat
   * call's by the compat plan (its numbers and layouts are the compat ABI's), when the programs
   * tell them apart.
   */
  private void contents(BpfAssembler a, CapturePhase phase) {
    String done = label("contents_done");
    if (function != null && (function.compatNr() < 0 || compatOffset < 0)) {
      // one call of one ABI: its contents only, from its ABI's list (numbers differ between ABIs)
      contents(
          a,
          phase,
          only(function.compat() ? plan.compatSpecs() : plan.specs(), function.nr()),
          done);
    } else if (compatOffset >= 0 && regs.compatArgs() != null) {
      String nativeCalls = label("native_contents");
      a.load(W, R1, R9, PairedLayout.FLAGS).aluImm(AND, R1, PairedLayout.COMPAT);
      a.jumpImm(JEQ, R1, 0, nativeCalls);
      contents(
          a,
          phase,
          function == null ? plan.compatSpecs() : only(plan.compatSpecs(), function.compatNr()),
          done);
      a.label(nativeCalls);
      contents(a, phase, function == null ? plan.specs() : only(plan.specs(), function.nr()), done);
    } else {
      contents(a, phase, plan.specs(), done);
    }
    a.label(done);
  }

  /** The one syscall's entry of a contents map (none when it has no contents). */
  private static Map<Integer, List<ContentSpec>> only(
      Map<Integer, List<ContentSpec>> byNr, int nr) {
    List<ContentSpec> specs = byNr.get(nr);
    return specs == null ? Map.of() : Map.of(nr, specs);
  }

  private void contents(
      BpfAssembler a, CapturePhase phase, Map<Integer, List<ContentSpec>> byNr, String done) {
    List<Integer> nrs = new ArrayList<>();
    for (Map.Entry<Integer, List<ContentSpec>> e : byNr.entrySet()) {
      if (ContentPlan.hasPhase(e.getValue(), phase)) {
        nrs.add(e.getKey());
      }
    }
    if (nrs.isEmpty()) {
      a.jumpAlways(done);
      return;
    }
    List<String> targets = new ArrayList<>();
    for (int nr : nrs) {
      targets.add(label("nr" + nr));
    }
    a.dispatch(R7, nrs, targets, done, this::label);
    for (int i = 0; i < nrs.size(); i++) {
      a.label(targets.get(i));
      List<ContentSpec> specs = byNr.get(nrs.get(i));
      for (int idx = 0; idx < specs.size(); idx++) {
        ContentSpec s = specs.get(idx);
        // an entry content not readable at entry (its page not resident) is read again at exit
        if (!ContentPlan.handles(s)
            || (s.phase() != phase
                && !(phase == CapturePhase.EXIT && ContentPlan.retriedAtExit(s)))) {
          continue;
        }
        String unselected = label("unselected");
        selector(a, s, unselected);
        elementGuard(a, s, unselected);
        if (s.phase() == CapturePhase.EXIT) {
          // a failed call wrote nothing back
          a.load(DW, R1, R9, PairedLayout.RET).jumpImm(JSLT, R1, 0, unselected);
        }
        boolean atExit = phase == CapturePhase.EXIT;
        switch (s.kind()) {
          case STRING -> string(a, s, idx, atExit);
          case BYTES -> bytes(a, s, idx, atExit);
          case IOVEC -> iovecs(a, s, idx, atExit);
          case STRING_ARRAY -> strings(a, s, idx);
        }
        a.label(unselected);
      }
      a.jumpAlways(done);
    }
  }

  /**
   * Jumps to skip unless the call's selector argument has the spec's value (ioctl's command),
   * compared as the unsigned 32 bits it fits in.
   */
  private static void selector(BpfAssembler a, ContentSpec s, String skip) {
    if (s.selectorArg() < 0) {
      return;
    }
    a.load(W, R1, R9, PairedLayout.ARGS + 8 * s.selectorArg() + LOW_HALF);
    a.mov32Imm(R2, (int) s.selectorValue());
    a.jumpReg(JNE, R1, R2, skip);
  }

  /**
   * Jumps to skip unless the array the spec's element is of holds it: its count (an unsigned int
   * argument, or the return value at exit) exceeds the element's index.
   */
  private void elementGuard(BpfAssembler a, ContentSpec s, String skip) {
    if (s.element() == null) {
      return;
    }
    String held = label("element_held");
    if (s.element().countArg() >= 0) {
      a.load(W, R1, R9, PairedLayout.ARGS + 8 * s.element().countArg() + LOW_HALF);
    } else {
      a.load(DW, R1, R9, PairedLayout.RET);
    }
    a.jumpImm(JSGT, R1, s.element().index(), held);
    a.jumpAlways(skip);
    a.label(held);
  }

  /** R1 = the block at R8 (bounded by the caller), its index set and padding cleared. */
  private static void blockHeader(BpfAssembler a, int idx) {
    a.movReg(R1, R9).aluReg(ADD, R1, R8);
    a.storeImm(B, R1, 0, idx).storeImm(B, R1, 2, 0).storeImm(B, R1, 3, 0);
  }

  /**
   * Ends an element's block R1: R0 bytes copied (bounded by the caller), or from failed an empty
   * block, FAULT, or with retry RETRY and a jump to done: the whole array is read again at exit. R8
   * moves past the block.
   */
  private void endElement(BpfAssembler a, int idx, String failed, boolean retry, String done) {
    String end = label("element_end");
    a.store(W, R1, 4, R0);
    advance(a);
    a.jumpAlways(end);
    a.label(failed);
    a.storeImm(W, R1, 4, 0);
    failed(a, idx, !retry);
    if (retry) {
      a.jumpAlways(done);
    }
    a.label(end);
  }

  /** An empty block at R8 for content idx with this status (the caller has bounded R8). */
  private static void emptyBlock(BpfAssembler a, int idx, int status) {
    blockHeader(a, idx);
    a.storeImm(B, R1, 1, status).storeImm(W, R1, 4, 0);
    a.aluImm(ADD, R8, PairedLayout.BLOCK_HEADER);
  }

  /** A FAULT block for content idx (if it fits), then a jump to done: the walk stops. */
  private void faultBlock(BpfAssembler a, int idx, String done) {
    a.jumpImm(JGT, R8, recordSize - PairedLayout.BLOCK_HEADER, done);
    emptyBlock(a, idx, PairedLayout.FAULT);
    a.jumpAlways(done);
  }

  /** Reads element k of the user array at BASE (size bytes) into ELEMENT: R0 is 0 when it read. */
  private static void readElement(BpfAssembler a, int k, int size) {
    a.movReg(R1, R10).aluImm(ADD, R1, ELEMENT).movImm(R2, size);
    a.load(DW, R3, R10, BASE).aluImm(ADD, R3, k * size).call(HELPER_PROBE_READ_USER);
  }

  /**
   * An iovec array: up to {@link ContentPlan#MAX_IOVECS} of its {@code count} iovecs, one block
   * each with its buffer cut at the cap; at exit (readv) only as many bytes in all as the call
   * returned. An array that cannot be read stops the walk with a FAULT block; a buffer that cannot
   * be read at entry (a page not resident yet) has the whole array read again at exit.
   */
  private void iovecs(BpfAssembler a, ContentSpec s, int idx, boolean atExit) {
    String done = label("iov_done");
    String fault = label("iov_fault");
    boolean retry = !atExit && s.phase() == CapturePhase.ENTER;
    if (atExit && s.phase() == CapturePhase.ENTER) {
      retried(a, idx, done);
    }
    int cap = plan.cap(s);
    int size = s.elementSize();
    int word = size / 2;
    if (s.length() == ContentLength.MEMBER) {
      memberValue(a, s.arg(), s.lengthMember(), R1, done);
    } else {
      a.load(DW, R1, R9, PairedLayout.ARGS + 8 * s.lengthArg());
    }
    a.jumpImm(JEQ, R1, 0, done);
    a.store(DW, R10, COUNT, R1);
    if (s.through() != null) {
      memberValue(a, s.arg(), s.through(), R1, done);
    } else {
      a.load(DW, R1, R9, PairedLayout.ARGS + 8 * s.arg());
    }
    a.jumpImm(JEQ, R1, 0, done);
    a.store(DW, R10, BASE, R1);
    if (s.bytesMember() != null) {
      memberValue(a, s.arg(), s.bytesMember(), R1, done); // recvmmsg's msg_len
    } else if (s.phase() == CapturePhase.EXIT) {
      a.load(DW, R1, R9, PairedLayout.RET).jumpImm(JSLT, R1, 0, done);
    } else {
      a.movImm(R1, Integer.MAX_VALUE);
    }
    a.store(DW, R10, REMAINING, R1);
    for (int k = 0; k < ContentPlan.MAX_IOVECS; k++) {
      String next = label("iov_next");
      String fits = label("iov_fits");
      String failed = label("iov_failed");
      a.load(DW, R1, R10, COUNT).jumpImm(JGT, R1, k, next);
      a.jumpAlways(done);
      a.label(next);
      readElement(a, k, size);
      a.jumpImm(JNE, R0, 0, fault);
      // R2: the bytes shown of this buffer, its length within what is left of the return
      a.load(word == 8 ? DW : W, R2, R10, ELEMENT + word);
      a.load(DW, R3, R10, REMAINING).jumpReg(JGT, R3, R2, fits);
      a.movReg(R2, R3);
      a.label(fits);
      a.aluReg(SUB, R3, R2).store(DW, R10, REMAINING, R3);
      a.load(word == 8 ? DW : W, R3, R10, ELEMENT);
      cutToCap(a, cap, PairedLayout.IOV_LENGTH, done);
      a.load(word == 8 ? DW : W, R4, R10, ELEMENT + word); // the element's own length, first
      a.store(DW, R1, -PairedLayout.IOV_LENGTH, R4);
      a.call(HELPER_PROBE_READ_USER);
      copied(a, idx, cap, failed, done);
      a.aluImm(ADD, R0, PairedLayout.IOV_LENGTH);
      endElement(a, idx, failed, retry, done);
      forgetOffset(a);
    }
    a.jumpAlways(done);
    a.label(fault);
    faultBlock(a, idx, done);
    a.label(done);
    forgetOffset(a);
  }

  /**
   * A NULL-terminated array of string pointers: argv's first {@link ContentPlan#MAX_ARGV} strings,
   * one block each cut at the cap (its length without the NUL), or for envp one block with the
   * number of entries (up to {@link ContentPlan#MAX_ENVP}). An array that cannot be read stops the
   * walk with a FAULT block.
   */
  private void strings(BpfAssembler a, ContentSpec s, int idx) {
    String done = label("argv_done");
    String fault = label("argv_fault");
    String end = label("argv_end");
    int cap = plan.cap(s);
    int size = s.elementSize();
    boolean countOnly = ContentPlan.countOnly(s);
    a.load(DW, R1, R9, PairedLayout.ARGS + 8 * s.arg()).jumpImm(JEQ, R1, 0, done);
    a.store(DW, R10, BASE, R1);
    a.storeImm(DW, R10, COUNT, 0);
    for (int k = 0; k < ContentPlan.elements(s); k++) {
      readElement(a, k, size);
      a.jumpImm(JNE, R0, 0, fault);
      a.load(size == 8 ? DW : W, R3, R10, ELEMENT).jumpImm(JEQ, R3, 0, end);
      if (countOnly) {
        a.storeImm(DW, R10, COUNT, k + 1);
      } else {
        String failed = label("argv_failed");
        readString(a, idx, cap, done, failed);
        a.aluImm(ADD, R0, -1); // the NUL is copied, not shown
        endElement(a, idx, failed, false, done);
        forgetOffset(a);
      }
    }
    a.jumpAlways(end);
    a.label(fault);
    faultBlock(a, idx, done);
    a.label(end);
    if (countOnly) {
      block(a, cap, done);
      a.load(DW, R2, R10, COUNT).store(W, R1, PairedLayout.BLOCK_HEADER, R2);
      blockHeader(a, idx);
      a.storeImm(B, R1, 1, PairedLayout.OK).storeImm(W, R1, 4, cap);
      a.aluImm(ADD, R8, PairedLayout.blockSize(cap));
    }
    a.label(done);
    forgetOffset(a);
  }

  /**
   * dst = member m (a 4- or 8-byte word) of the user struct argument arg points at, read now: a
   * msghdr's pointers and lengths, which the kernel may have written back by the exit; to skip when
   * the struct cannot be read. Takes R0-R5.
   */
  private static void memberValue(
      BpfAssembler a, int arg, ContentSpec.Member m, int dst, String skip) {
    a.load(DW, R3, R9, PairedLayout.ARGS + 8 * arg).jumpImm(JEQ, R3, 0, skip);
    a.aluImm(ADD, R3, m.offset());
    a.storeImm(DW, R10, SCRATCH, 0);
    a.movReg(R1, R10).aluImm(ADD, R1, SCRATCH).movImm(R2, m.size());
    a.call(HELPER_PROBE_READ_USER);
    a.jumpImm(JNE, R0, 0, skip);
    a.load(m.size() == 8 ? DW : W, dst, R10, SCRATCH);
  }

  /** At exit: skips an entry content unless its read at entry failed. */
  private static void retried(BpfAssembler a, int idx, String skip) {
    a.load(W, R1, R9, PairedLayout.RETRY_MASK).aluImm(AND, R1, 1 << idx);
    a.jumpImm(JEQ, R1, 0, skip);
  }

  /**
   * A failed read of block R1: at entry marked to be read again at exit, at exit a fault; R8 moves
   * past the block header.
   */
  private static void failed(BpfAssembler a, int idx, boolean atExit) {
    if (atExit) {
      a.storeImm(B, R1, 1, PairedLayout.FAULT);
    } else {
      a.storeImm(B, R1, 1, PairedLayout.RETRY);
      a.load(W, R1, R9, PairedLayout.RETRY_MASK).aluImm(OR, R1, 1 << idx);
      a.store(W, R9, PairedLayout.RETRY_MASK, R1);
    }
    a.aluImm(ADD, R8, PairedLayout.BLOCK_HEADER);
  }

  /**
   * Makes R8 an unknown u32 by a round trip through the record: the paths through a block join with
   * one state, which the verifier prunes, instead of one per combination of block outcomes.
   */
  private static void forgetOffset(BpfAssembler a) {
    a.store(W, R9, PairedLayout.END, R8).load(W, R8, R9, PairedLayout.END);
  }

  /** R1 = the block at R8 (R8 bounded so a block of cap bytes fits), or a jump to skip. */
  private void block(BpfAssembler a, int cap, String skip) {
    a.jumpImm(JGT, R8, recordSize - PairedLayout.blockSize(cap), skip);
    a.movReg(R1, R9).aluReg(ADD, R1, R8);
  }

  /** Ends a block of R0 bytes (bounded by the caller): R8 moves past it. */
  private static void advance(BpfAssembler a) {
    a.aluImm(ADD, R0, 7).aluImm(AND, R0, -8).aluReg(ADD, R8, R0);
    a.aluImm(ADD, R8, PairedLayout.BLOCK_HEADER);
  }

  /**
   * Copies the user string at R3 into a block of up to cap bytes at R8 (to skip when none fits): R1
   * is the block, R0 the bytes copied with the NUL, the status OK or CUT; to fail when the memory
   * could not be read.
   */
  private void readString(BpfAssembler a, int idx, int cap, String skip, String fail) {
    a.store(DW, R10, SCRATCH, R3);
    block(a, cap, skip);
    a.aluImm(ADD, R1, PairedLayout.BLOCK_HEADER).movImm(R2, cap);
    a.load(DW, R3, R10, SCRATCH).call(HELPER_PROBE_READ_USER_STR);
    stringStatus(a, idx, cap, fail);
  }

  /**
   * After a string read of up to cap bytes into the block at R8: R1 the block, its header and
   * status (OK, or CUT when it filled the cap); to fail when nothing was read.
   */
  private void stringStatus(BpfAssembler a, int idx, int cap, String fail) {
    String whole = label("whole");
    blockHeader(a, idx);
    a.jumpImm(JSLE, R0, 0, fail);
    a.jumpImm(JGT, R0, cap, fail);
    a.storeImm(B, R1, 1, PairedLayout.OK);
    a.jumpImm(JNE, R0, cap, whole);
    a.storeImm(B, R1, 1, PairedLayout.CUT);
    a.label(whole);
  }

  /**
   * A string: at entry a failure is marked {@link PairedLayout#RETRY} (its page may not be resident
   * yet); at exit, for an entry string, only those marked are read again, and a failure is a fault.
   */
  private void string(BpfAssembler a, ContentSpec s, int idx, boolean atExit) {
    String skip = label("skip");
    String fail = label("fail");
    int cap = plan.cap(s);
    if (atExit && s.phase() == CapturePhase.ENTER) {
      retried(a, idx, skip);
    }
    a.load(DW, R3, R9, PairedLayout.ARGS + 8 * s.arg()).jumpImm(JEQ, R3, 0, skip);
    readString(a, idx, cap, skip, fail);
    a.store(W, R1, 4, R0);
    advance(a);
    a.jumpAlways(skip);
    a.label(fail);
    a.storeImm(W, R1, 4, 0);
    failed(a, idx, atExit);
    a.label(skip);
    forgetOffset(a);
  }

  /**
   * Cuts the length R2 to the cap (the status OK or CUT kept on the stack), then R1 = the data of
   * the block at R8, to skip when none fits; R2 and R3 are kept for bpf_probe_read_user.
   */
  private void cutToCap(BpfAssembler a, int cap, String skip) {
    cutToCap(a, cap, 0, skip);
  }

  /** As {@link #cutToCap(BpfAssembler, int, String)}, the data after prefix bytes of the block. */
  private void cutToCap(BpfAssembler a, int cap, int prefix, String skip) {
    String cut = label("cut");
    String copy = label("copy");
    a.storeImm(W, R10, STATUS, PairedLayout.OK);
    a.jumpImm(JGT, R2, cap, cut);
    a.jumpAlways(copy);
    a.label(cut).movImm(R2, cap).storeImm(W, R10, STATUS, PairedLayout.CUT);
    a.label(copy);
    a.store(DW, R10, LENGTH, R2);
    block(a, cap + prefix, skip);
    a.aluImm(ADD, R1, PairedLayout.BLOCK_HEADER + prefix);
  }

  /**
   * After {@link #cutToCap}'s read: R1 the block with its header and status, R0 its length; to
   * failed when the read failed.
   */
  private static void copied(BpfAssembler a, int idx, int cap, String failed, String skip) {
    blockHeader(a, idx);
    a.jumpImm(JNE, R0, 0, failed);
    a.load(W, R2, R10, STATUS).store(B, R1, 1, R2);
    a.load(DW, R0, R10, LENGTH).jumpImm(JGT, R0, cap, skip);
  }

  /**
   * A byte run: its length from the spec, cut to the cap, copied with bpf_probe_read_user; an entry
   * run that fails at entry is marked for a second read at exit, as a string is.
   */
  private void bytes(BpfAssembler a, ContentSpec s, int idx, boolean atExit) {
    String skip = label("skip");
    String fault = label("fault");
    int cap = plan.cap(s);
    if (atExit && s.phase() == CapturePhase.ENTER) {
      retried(a, idx, skip);
    }
    int size = Math.max(1, s.elementSize());
    switch (s.length()) {
      case FIXED -> a.movImm(R2, size * Math.max(1, s.maxElements()));
      case ARG -> {
        a.load(DW, R2, R9, PairedLayout.ARGS + 8 * s.lengthArg());
        if (size != 1) {
          a.aluImm(MUL, R2, size);
        }
      }
      case RETURN -> {
        a.load(DW, R2, R9, PairedLayout.RET).jumpImm(JSLT, R2, 0, skip);
        if (size != 1) {
          a.aluImm(MUL, R2, size);
        }
      }
      case ARG_POINTEE -> {
        a.load(DW, R3, R9, PairedLayout.ARGS + 8 * s.lengthArg()).jumpImm(JEQ, R3, 0, skip);
        a.movReg(R1, R10).aluImm(ADD, R1, SCRATCH).movImm(R2, 4).call(HELPER_PROBE_READ_USER);
        a.jumpImm(JNE, R0, 0, skip);
        a.load(W, R2, R10, SCRATCH);
      }
      case MEMBER -> {
        memberValue(a, s.arg(), s.lengthMember(), R2, skip);
        if (size != 1) {
          a.aluImm(MUL, R2, size);
        }
      }
    }
    if (s.through() != null) {
      // the length waits on the stack while the pointer member is read (the call takes R1-R5)
      a.store(DW, R10, COUNT, R2);
      memberValue(a, s.arg(), s.through(), R3, skip);
      a.jumpImm(JEQ, R3, 0, skip);
      a.load(DW, R2, R10, COUNT);
    } else {
      a.load(DW, R3, R9, PairedLayout.ARGS + 8 * s.arg()).jumpImm(JEQ, R3, 0, skip);
    }
    cutToCap(a, cap, skip);
    a.call(HELPER_PROBE_READ_USER);
    copied(a, idx, cap, fault, skip);
    a.store(W, R1, 4, R0);
    advance(a);
    a.jumpAlways(skip);
    a.label(fault).storeImm(W, R1, 4, 0);
    failed(a, idx, atExit);
    a.label(skip);
    forgetOffset(a);
  }
}
