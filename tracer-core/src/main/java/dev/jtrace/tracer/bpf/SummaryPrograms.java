package dev.jtrace.tracer.bpf;

import static dev.jtrace.tracer.bpf.BpfAssembler.ADD;
import static dev.jtrace.tracer.bpf.BpfAssembler.AND;
import static dev.jtrace.tracer.bpf.BpfAssembler.DW;
import static dev.jtrace.tracer.bpf.BpfAssembler.JEQ;
import static dev.jtrace.tracer.bpf.BpfAssembler.JGE;
import static dev.jtrace.tracer.bpf.BpfAssembler.JGT;
import static dev.jtrace.tracer.bpf.BpfAssembler.JNE;
import static dev.jtrace.tracer.bpf.BpfAssembler.JSGE;
import static dev.jtrace.tracer.bpf.BpfAssembler.JSLT;
import static dev.jtrace.tracer.bpf.BpfAssembler.LSH;
import static dev.jtrace.tracer.bpf.BpfAssembler.MUL;
import static dev.jtrace.tracer.bpf.BpfAssembler.OR;
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
import static dev.jtrace.tracer.bpf.BpfAssembler.RSH;
import static dev.jtrace.tracer.bpf.BpfAssembler.SUB;
import static dev.jtrace.tracer.bpf.BpfAssembler.W;

/**
 * Emits the summary's programs: raw_syscalls sys_enter keeps the call's key and entry time in the
 * thread's slot; sys_exit adds the call to its (thread, syscall) stats (calls, errors, total, min,
 * max, the 128-bit sum of squares, with --histogram a log2 bucket) and, for a failed call, to its
 * errno count; sched_process_exit takes the thread's last comm and frees its slot (its stats stay,
 * keyed by tid and start time); sched_process_exec switches a command on and names it anew. No
 * record leaves the kernel: what a full map could not keep is counted per CPU.
 *
 * <p>A thread's stats are written only by that thread, one CPU at a time: no atomics are needed.
 * Registers: R6 the context, R7 the syscall number (enter) or return (exit), R8 the syscall key or
 * duration, R9 a map value.
 */
final class SummaryPrograms {
  private static final int HELPER_MAP_LOOKUP = 1;
  private static final int HELPER_MAP_UPDATE = 2;
  private static final int HELPER_MAP_DELETE = 3;
  private static final int HELPER_KTIME_GET_NS = 5;
  private static final int HELPER_GET_CURRENT_PID_TGID = 14;
  private static final int HELPER_GET_CURRENT_COMM = 16;
  private static final int HELPER_GET_CURRENT_TASK = 35;
  private static final int HELPER_GET_CURRENT_CGROUP_ID = 80;
  private static final int HELPER_PROBE_READ_KERNEL = 113;
  private static final int NOEXIST = 1;

  /** The largest errno a failed call returns (the kernel's MAX_ERRNO). */
  private static final int MAX_ERRNO = 4095;

  private static final int KEY = -8;
  private static final int PID_TGID = -16;
  private static final int SCRATCH = -24;
  private static final int STATS_KEY = -48;
  private static final int ERRNO_KEY = -72;
  private static final int NEW_CALL = -96;
  private static final int INFO_KEY = -112;
  private static final int INFO_VAL = -152;
  private static final int ONE = -160;

  /** The maps the programs use, by fd; errnos is -1 without --errno-summary. */
  record Maps(
      int syscalls,
      int tids,
      int threads,
      int info,
      int stats,
      int template,
      int errnos,
      int unsummed) {}

  /**
   * Where the task_struct members the programs read lie (from BTF).
   *
   * @param startTime task_struct.start_time (the thread's identity with its tid)
   * @param groupLeader task_struct.group_leader (whose start time names the process)
   * @param compatStatus thread_info.status, or -1: no compat key is computed
   */
  record TaskOffsets(int startTime, int groupLeader, int compatStatus) {}

  private final Maps maps;
  private final TaskOffsets task;
  private final boolean allTasks;
  private final boolean everySyscall;
  private final boolean histogram;
  private final int execveNr;
  private int labels;

  /**
   * @param allTasks every task but the excluded ones (system-wide), else only traced ones
   * @param everySyscall no selection: the syscalls map is not consulted
   * @param execveNr the native execve's number: a command's exec, whose entry came before it was
   *     traced, is timed from the exec on; -1 for none
   */
  SummaryPrograms(
      Maps maps,
      TaskOffsets task,
      boolean allTasks,
      boolean everySyscall,
      boolean histogram,
      int execveNr) {
    this.maps = maps;
    this.task = task;
    this.allTasks = allTasks;
    this.everySyscall = everySyscall;
    this.histogram = histogram;
    this.execveNr = execveNr;
  }

  private String label(String what) {
    return what + "_" + labels++;
  }

  private static void lookup(BpfAssembler a, int map, int keyOff) {
    a.loadMap(R1, map).movReg(R2, R10).aluImm(ADD, R2, keyOff).call(HELPER_MAP_LOOKUP);
  }

  private static void update(BpfAssembler a, int map, int keyOff, int valueOff, int flags) {
    a.loadMap(R1, map).movReg(R2, R10).aluImm(ADD, R2, keyOff);
    a.movReg(R3, R10).aluImm(ADD, R3, valueOff).movImm(R4, flags).call(HELPER_MAP_UPDATE);
  }

  private static void currentTask(BpfAssembler a) {
    a.call(HELPER_GET_CURRENT_PID_TGID);
    a.store(DW, R10, PID_TGID, R0);
    a.store(W, R10, KEY, R0);
  }

  /** Adds one to this CPU's counter of what a full map could not keep. */
  private void count(BpfAssembler a, int counter) {
    String done = label("counted");
    a.storeImm(W, R10, SCRATCH, counter);
    lookup(a, maps.unsummed(), SCRATCH);
    a.jumpImm(JEQ, R0, 0, done);
    a.load(DW, R1, R0, 0).aluImm(ADD, R1, 1).store(DW, R0, 0, R1);
    a.label(done);
  }

  /** Jumps to out unless the current thread (key at fp-8) is one to summarize. */
  private void taskFilter(BpfAssembler a, String out) {
    lookup(a, maps.tids(), KEY);
    if (allTasks) {
      String selected = label("selected");
      a.jumpImm(JEQ, R0, 0, selected);
      a.load(W, R1, R0, 0).jumpImm(JEQ, R1, PairedPrograms.EXCLUDED, out);
      a.label(selected);
    } else {
      a.jumpImm(JEQ, R0, 0, out);
      a.load(W, R1, R0, 0).jumpImm(JNE, R1, PairedPrograms.TRACED, out);
    }
  }

  /**
   * The current thread's slot, made now with its start time, and its info (pid, its process
   * leader's start time, cgroup, comm); to out when the slot cannot be made (counted). Uses R8.
   */
  private void newThread(BpfAssembler a, String out) {
    String untracked = label("untracked");
    String leaderKnown = label("leader_known");
    String named = label("named");
    a.call(HELPER_GET_CURRENT_TASK).movReg(R8, R0);
    a.movReg(R1, R10).aluImm(ADD, R1, NEW_CALL + SummaryLayout.CALL_START).movImm(R2, 8);
    a.movReg(R3, R8).aluImm(ADD, R3, task.startTime()).call(HELPER_PROBE_READ_KERNEL);
    a.jumpImm(JNE, R0, 0, untracked);
    a.storeImm(DW, R10, NEW_CALL + SummaryLayout.CALL_ENTER, 0);
    a.storeImm(DW, R10, NEW_CALL + SummaryLayout.CALL_KEY, 0);
    update(a, maps.threads(), KEY, NEW_CALL, NOEXIST);
    a.jumpImm(JEQ, R0, 0, "made");
    a.label(untracked);
    count(a, SummaryLayout.UNTRACKED_THREADS);
    a.jumpAlways(out);
    a.label("made");
    a.load(W, R1, R10, KEY).store(W, R10, INFO_KEY + SummaryLayout.KEY_TID, R1);
    a.storeImm(W, R10, INFO_KEY + SummaryLayout.KEY_SYSCALL, 0);
    a.load(DW, R1, R10, NEW_CALL + SummaryLayout.CALL_START);
    a.store(DW, R10, INFO_KEY + SummaryLayout.KEY_START, R1);
    a.load(DW, R1, R10, PID_TGID).aluImm(RSH, R1, 32);
    a.store(W, R10, INFO_VAL + SummaryLayout.INFO_PID, R1);
    a.storeImm(W, R10, INFO_VAL + 4, 0);
    a.storeImm(DW, R10, INFO_VAL + SummaryLayout.INFO_LEADER_START, 0);
    a.movReg(R1, R10).aluImm(ADD, R1, SCRATCH).movImm(R2, 8);
    a.movReg(R3, R8).aluImm(ADD, R3, task.groupLeader()).call(HELPER_PROBE_READ_KERNEL);
    a.jumpImm(JNE, R0, 0, leaderKnown);
    a.movReg(R1, R10).aluImm(ADD, R1, INFO_VAL + SummaryLayout.INFO_LEADER_START).movImm(R2, 8);
    a.load(DW, R3, R10, SCRATCH).aluImm(ADD, R3, task.startTime()).call(HELPER_PROBE_READ_KERNEL);
    a.label(leaderKnown);
    a.call(HELPER_GET_CURRENT_CGROUP_ID).store(DW, R10, INFO_VAL + SummaryLayout.INFO_CGROUP, R0);
    a.movReg(R1, R10).aluImm(ADD, R1, INFO_VAL + SummaryLayout.INFO_COMM);
    a.movImm(R2, SummaryLayout.COMM_SIZE).call(HELPER_GET_CURRENT_COMM);
    update(a, maps.info(), INFO_KEY, INFO_VAL, 0);
    a.jumpImm(JEQ, R0, 0, named);
    count(a, SummaryLayout.UNNAMED_THREADS);
    a.label(named);
  }

  long[] enter() {
    BpfAssembler a = new BpfAssembler();
    a.movReg(R6, R1);
    a.load(DW, R7, R6, 8); // raw ctx: args[0] the pt_regs pointer, args[1] the syscall number
    a.jumpImm(JGT, R7, ContentPlan.MAX_SYSCALL - 1, "out");
    if (!everySyscall) {
      a.store(W, R10, SCRATCH, R7);
      lookup(a, maps.syscalls(), SCRATCH);
      a.jumpImm(JEQ, R0, 0, "out");
      a.load(W, R1, R0, 0).jumpImm(JEQ, R1, 0, "out");
    }
    currentTask(a);
    // a thread with a slot is one to summarize (slots are made for those only): one lookup a call
    lookup(a, maps.threads(), KEY);
    a.jumpImm(JNE, R0, 0, "have");
    taskFilter(a, "out");
    newThread(a, "out");
    lookup(a, maps.threads(), KEY);
    a.jumpImm(JEQ, R0, 0, "out");
    a.label("have").movReg(R9, R0);
    a.movReg(R8, R7);
    if (task.compatStatus() >= 0) {
      a.call(HELPER_GET_CURRENT_TASK);
      a.movReg(R3, R0).aluImm(ADD, R3, task.compatStatus());
      a.movReg(R1, R10).aluImm(ADD, R1, SCRATCH).movImm(R2, 4).call(HELPER_PROBE_READ_KERNEL);
      a.jumpImm(JNE, R0, 0, "native");
      a.load(W, R1, R10, SCRATCH)
          .aluImm(AND, R1, CompatCheck.TS_COMPAT)
          .jumpImm(JEQ, R1, 0, "native");
      a.aluImm(OR, R8, SummaryLayout.COMPAT_KEY);
    }
    a.label("native");
    a.store(W, R9, SummaryLayout.CALL_KEY, R8);
    a.call(HELPER_KTIME_GET_NS).store(DW, R9, SummaryLayout.CALL_ENTER, R0);
    a.storeImm(W, R9, SummaryLayout.CALL_STATE, SummaryLayout.IN_FLIGHT);
    a.label("out").movImm(R0, 0).exit();
    return a.build();
  }

  long[] exit() {
    BpfAssembler a = new BpfAssembler();
    a.movReg(R6, R1);
    currentTask(a);
    lookup(a, maps.threads(), KEY);
    a.jumpImm(JEQ, R0, 0, "out");
    a.movReg(R9, R0);
    a.load(W, R1, R9, SummaryLayout.CALL_STATE).jumpImm(JNE, R1, SummaryLayout.IN_FLIGHT, "out");
    a.storeImm(W, R9, SummaryLayout.CALL_STATE, 0);
    a.call(HELPER_KTIME_GET_NS).movReg(R8, R0);
    a.load(DW, R1, R9, SummaryLayout.CALL_ENTER).aluReg(SUB, R8, R1);
    a.jumpImm(JSGE, R8, 0, "timed");
    a.movImm(R8, 0);
    a.label("timed");
    a.load(W, R1, R10, KEY).store(W, R10, STATS_KEY + SummaryLayout.KEY_TID, R1);
    a.load(W, R1, R9, SummaryLayout.CALL_KEY)
        .store(W, R10, STATS_KEY + SummaryLayout.KEY_SYSCALL, R1);
    a.load(DW, R1, R9, SummaryLayout.CALL_START)
        .store(DW, R10, STATS_KEY + SummaryLayout.KEY_START, R1);
    a.load(DW, R7, R6, 8); // raw ctx: args[1] the return value
    lookup(a, maps.stats(), STATS_KEY);
    a.jumpImm(JNE, R0, 0, "found");
    // the first call of this syscall in this thread: its entry is made from the zeroed template
    a.storeImm(W, R10, SCRATCH, 0);
    lookup(a, maps.template(), SCRATCH);
    a.jumpImm(JEQ, R0, 0, "out");
    a.movReg(R3, R0).loadMap(R1, maps.stats()).movReg(R2, R10).aluImm(ADD, R2, STATS_KEY);
    a.movImm(R4, NOEXIST).call(HELPER_MAP_UPDATE);
    a.jumpImm(JNE, R0, 0, "unsummed");
    lookup(a, maps.stats(), STATS_KEY);
    a.jumpImm(JNE, R0, 0, "found");
    a.label("unsummed");
    count(a, SummaryLayout.UNSUMMED_CALLS);
    a.jumpAlways("out");

    a.label("found").movReg(R9, R0);
    a.load(DW, R1, R9, SummaryLayout.CALLS).jumpImm(JEQ, R1, 0, "set_min");
    a.load(DW, R2, R9, SummaryLayout.MIN).jumpReg(JGE, R8, R2, "min_kept");
    a.label("set_min").store(DW, R9, SummaryLayout.MIN, R8);
    a.label("min_kept");
    a.load(DW, R1, R9, SummaryLayout.CALLS)
        .aluImm(ADD, R1, 1)
        .store(DW, R9, SummaryLayout.CALLS, R1);
    a.load(DW, R1, R9, SummaryLayout.TOTAL).aluReg(ADD, R1, R8);
    a.store(DW, R9, SummaryLayout.TOTAL, R1);
    a.load(DW, R1, R9, SummaryLayout.MAX).jumpReg(JGE, R1, R8, "max_kept");
    a.store(DW, R9, SummaryLayout.MAX, R8);
    a.label("max_kept");
    squares(a);
    if (histogram) {
      bucket(a);
    }
    // a failed call: -4095..-1
    a.jumpImm(JSGE, R7, 0, "out");
    a.jumpImm(JSLT, R7, -MAX_ERRNO, "out");
    a.load(DW, R1, R9, SummaryLayout.ERRORS).aluImm(ADD, R1, 1);
    a.store(DW, R9, SummaryLayout.ERRORS, R1);
    if (maps.errnos() >= 0) {
      errno(a);
    }
    a.label("out").movImm(R0, 0).exit();
    return a.build();
  }

  /**
   * Adds d² (d in R8) to the 128-bit sum at R9: with d = a·2³² + b, d² = a²·2⁶⁴ + ab·2³³ + b², each
   * part a u64 product of 32-bit halves (a call longer than 4.3 s squares past 64 bits).
   */
  private static void squares(BpfAssembler a) {
    a.movReg(R2, R8).aluImm(RSH, R2, 32); // a
    a.mov32Reg(R3, R8); // b
    a.movReg(R4, R3).aluReg(MUL, R4, R3); // b²
    a.load(DW, R1, R9, SummaryLayout.SQUARES_LOW).aluReg(ADD, R1, R4);
    a.store(DW, R9, SummaryLayout.SQUARES_LOW, R1);
    a.jumpReg(JGE, R1, R4, "no_carry_1");
    a.load(DW, R5, R9, SummaryLayout.SQUARES_HIGH).aluImm(ADD, R5, 1);
    a.store(DW, R9, SummaryLayout.SQUARES_HIGH, R5);
    a.label("no_carry_1");
    a.movReg(R4, R2).aluReg(MUL, R4, R3); // ab
    a.movReg(R5, R4).aluImm(LSH, R5, 33); // its low 64 bits of ab·2³³
    a.aluImm(RSH, R4, 31); // and its high ones
    a.load(DW, R1, R9, SummaryLayout.SQUARES_LOW).aluReg(ADD, R1, R5);
    a.store(DW, R9, SummaryLayout.SQUARES_LOW, R1);
    a.jumpReg(JGE, R1, R5, "no_carry_2");
    a.aluImm(ADD, R4, 1);
    a.label("no_carry_2");
    a.aluReg(MUL, R2, R2).aluReg(ADD, R2, R4); // a² + the carries
    a.load(DW, R1, R9, SummaryLayout.SQUARES_HIGH).aluReg(ADD, R1, R2);
    a.store(DW, R9, SummaryLayout.SQUARES_HIGH, R1);
  }

  /**
   * Counts d (R8) in its log2 bucket, as bpftrace's hist(): 0 for 0, else 1 + floor(log2 d), found
   * by halving the shift (32, 16, … 1) without a loop.
   */
  private void bucket(BpfAssembler a) {
    a.movReg(R1, R8).movImm(R2, 0);
    a.jumpImm(JEQ, R1, 0, "bucket_found");
    for (int shift = 32; shift >= 1; shift >>= 1) {
      String next = label("log2");
      a.movReg(R3, R1).aluImm(RSH, R3, shift).jumpImm(JEQ, R3, 0, next);
      a.movReg(R1, R3).aluImm(ADD, R2, shift);
      a.label(next);
    }
    a.aluImm(ADD, R2, 1);
    a.label("bucket_found");
    a.jumpImm(JGT, R2, SummaryLayout.BUCKETS - 1, "bucket_done");
    a.aluImm(LSH, R2, 3);
    a.movReg(R3, R9).aluImm(ADD, R3, SummaryLayout.HISTOGRAM).aluReg(ADD, R3, R2);
    a.load(DW, R1, R3, 0).aluImm(ADD, R1, 1).store(DW, R3, 0, R1);
    a.label("bucket_done");
  }

  /** Counts the failed call (R7 = -errno) under its (thread, syscall, errno) key. */
  private void errno(BpfAssembler a) {
    a.load(DW, R1, R10, STATS_KEY).store(DW, R10, ERRNO_KEY, R1);
    a.load(DW, R1, R10, STATS_KEY + 8).store(DW, R10, ERRNO_KEY + 8, R1);
    a.movImm(R1, 0).aluReg(SUB, R1, R7);
    a.store(W, R10, ERRNO_KEY + SummaryLayout.ERRNO_KEY_ERRNO, R1);
    a.storeImm(W, R10, ERRNO_KEY + SummaryLayout.ERRNO_KEY_ERRNO + 4, 0);
    lookup(a, maps.errnos(), ERRNO_KEY);
    a.jumpImm(JEQ, R0, 0, "new_errno");
    a.load(DW, R1, R0, 0).aluImm(ADD, R1, 1).store(DW, R0, 0, R1);
    a.jumpAlways("out");
    a.label("new_errno");
    a.storeImm(DW, R10, ONE, 1);
    update(a, maps.errnos(), ERRNO_KEY, ONE, NOEXIST);
    a.jumpImm(JEQ, R0, 0, "out");
    count(a, SummaryLayout.UNCOUNTED_ERRNOS);
  }

  /** Writes the current comm into the info of the thread whose slot R9 is. */
  private void rename(BpfAssembler a, String done) {
    a.load(W, R1, R10, KEY).store(W, R10, INFO_KEY + SummaryLayout.KEY_TID, R1);
    a.storeImm(W, R10, INFO_KEY + SummaryLayout.KEY_SYSCALL, 0);
    a.load(DW, R1, R9, SummaryLayout.CALL_START)
        .store(DW, R10, INFO_KEY + SummaryLayout.KEY_START, R1);
    lookup(a, maps.info(), INFO_KEY);
    a.jumpImm(JEQ, R0, 0, done);
    a.aluImm(ADD, R0, SummaryLayout.INFO_COMM).movReg(R1, R0);
    a.movImm(R2, SummaryLayout.COMM_SIZE).call(HELPER_GET_CURRENT_COMM);
  }

  /**
   * sched_process_exit: the thread's comm at its end is kept (perf names a thread so), its slot is
   * freed (its stats stay) and, unless system-wide, it is no longer traced. A call it is inside
   * never returns and is not counted, as perf trace -s does not.
   */
  long[] taskExit() {
    BpfAssembler a = new BpfAssembler();
    currentTask(a);
    if (!allTasks) {
      a.loadMap(R1, maps.tids()).movReg(R2, R10).aluImm(ADD, R2, KEY).call(HELPER_MAP_DELETE);
    }
    lookup(a, maps.threads(), KEY);
    a.jumpImm(JEQ, R0, 0, "out");
    a.movReg(R9, R0);
    rename(a, "free");
    a.label("free");
    a.loadMap(R1, maps.threads()).movReg(R2, R10).aluImm(ADD, R2, KEY).call(HELPER_MAP_DELETE);
    a.label("out").movImm(R0, 0).exit();
    return a.build();
  }

  /**
   * sched_process_exec: a command's task waiting for its exec is traced from now on, and its exec
   * call (entered before) is timed from here to its return; a thread already summarized takes its
   * new comm.
   */
  long[] taskExec() {
    BpfAssembler a = new BpfAssembler();
    currentTask(a);
    if (!allTasks) {
      lookup(a, maps.tids(), KEY);
      a.jumpImm(JEQ, R0, 0, "known");
      a.load(W, R1, R0, 0).jumpImm(JNE, R1, PairedPrograms.TRACED_AFTER_EXEC, "known");
      a.storeImm(W, R0, 0, PairedPrograms.TRACED);
      if (execveNr >= 0) {
        lookup(a, maps.threads(), KEY);
        a.jumpImm(JNE, R0, 0, "known");
        newThread(a, "out");
        lookup(a, maps.threads(), KEY);
        a.jumpImm(JEQ, R0, 0, "out");
        a.movReg(R9, R0);
        a.storeImm(W, R9, SummaryLayout.CALL_KEY, execveNr);
        a.call(HELPER_KTIME_GET_NS).store(DW, R9, SummaryLayout.CALL_ENTER, R0);
        a.storeImm(W, R9, SummaryLayout.CALL_STATE, SummaryLayout.IN_FLIGHT);
        a.jumpAlways("out");
      }
      a.label("known");
    }
    lookup(a, maps.threads(), KEY);
    a.jumpImm(JEQ, R0, 0, "out");
    a.movReg(R9, R0);
    rename(a, "out");
    a.label("out").movImm(R0, 0).exit();
    return a.build();
  }
}
