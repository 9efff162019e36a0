package dev.jtrace.tracer.bpf;

import static dev.jtrace.tracer.bpf.BpfAssembler.ADD;
import static dev.jtrace.tracer.bpf.BpfAssembler.AND;
import static dev.jtrace.tracer.bpf.BpfAssembler.DW;
import static dev.jtrace.tracer.bpf.BpfAssembler.JEQ;
import static dev.jtrace.tracer.bpf.BpfAssembler.JGE;
import static dev.jtrace.tracer.bpf.BpfAssembler.JGT;
import static dev.jtrace.tracer.bpf.BpfAssembler.JNE;
import static dev.jtrace.tracer.bpf.BpfAssembler.JSET;
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
 * Emits the summary's programs: raw_syscalls sys_enter marks the call in flight, with its entry
 * time, in its own (thread, syscall) stats entry; sys_exit finds that entry again from pt_regs'
 * syscall number and adds the call (calls, errors, total, min, max, the 128-bit sum of squares,
 * with --histogram a log2 bucket) and, for a failed call, its errno count; sched_process_exit takes
 * the thread's last comm; sched_process_exec switches a command on and names it anew. No record
 * leaves the kernel: what a full map could not keep is counted per CPU.
 *
 * <p>Cost per call (measured in docs/PERFORMANCE.md): one hash lookup at entry and one at exit; the
 * thread's identity (its start time) and ABI (TS_COMPAT) are loaded straight from the BTF-typed
 * current task, not copied by a helper. A thread's stats are written only by that thread, one CPU
 * at a time: no atomics are needed. Registers: R6 the context, R7 the syscall number (enter) or
 * return (exit), R8 the current task or the duration, R9 a map value.
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
  private static final int HELPER_GET_CURRENT_TASK_BTF = 158;
  private static final int HELPER_TASK_PT_REGS = 175;
  private static final int NOEXIST = 1;

  /** The largest errno a failed call returns (the kernel's MAX_ERRNO). */
  private static final int MAX_ERRNO = 4095;

  /** pt_regs' syscall number after a sigreturn (the kernel sets it so to stop a restart). */
  private static final int NO_SYSCALL = -1;

  private static final int KEY = -8;
  private static final int PID_TGID = -16;
  private static final int SCRATCH = -24;
  private static final int STATS_KEY = -48;
  private static final int ERRNO_KEY = -72;
  private static final int INFO_KEY = -112;
  private static final int INFO_VAL = -152;
  private static final int ONE = -160;

  /** The maps the programs use, by fd; errnos is -1 without --errno-summary. */
  record Maps(
      int syscalls, int tids, int info, int stats, int template, int errnos, int unsummed) {}

  /**
   * Where the kernel structure members the programs read lie (from BTF).
   *
   * @param startTime task_struct.start_time (the thread's identity with its tid)
   * @param groupLeader task_struct.group_leader (whose start time names the process)
   * @param compatStatus thread_info.status, or -1: no compat key is computed
   * @param syscallNr pt_regs' syscall number (x86's orig_ax), read at exit
   */
  record TaskOffsets(int startTime, int groupLeader, int compatStatus, int syscallNr) {}

  /**
   * The keys a call whose pt_regs number reads {@link #NO_SYSCALL} at exit may have entered as: the
   * sigreturns (native rt_sigreturn, then the compat ones), tried in order.
   */
  private final int[] sigreturnKeys;

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
   * @param sigreturnKeys the keys of the sigreturn calls (native, and compat ones with COMPAT_KEY)
   */
  SummaryPrograms(
      Maps maps,
      TaskOffsets task,
      boolean allTasks,
      boolean everySyscall,
      boolean histogram,
      int execveNr,
      int[] sigreturnKeys) {
    this.maps = maps;
    this.task = task;
    this.allTasks = allTasks;
    this.everySyscall = everySyscall;
    this.histogram = histogram;
    this.execveNr = execveNr;
    this.sigreturnKeys = sigreturnKeys.clone();
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

  /**
   * The current thread's tid at fp-8 (and pid_tgid at fp-16), R8 the current task (BTF-typed), and
   * the stats key's tid and start time filled in.
   */
  private void currentTask(BpfAssembler a) {
    a.call(HELPER_GET_CURRENT_PID_TGID);
    a.store(DW, R10, PID_TGID, R0);
    a.store(W, R10, KEY, R0);
    a.store(W, R10, STATS_KEY + SummaryLayout.KEY_TID, R0);
    a.call(HELPER_GET_CURRENT_TASK_BTF).movReg(R8, R0);
    a.load(DW, R1, R8, task.startTime()).store(DW, R10, STATS_KEY + SummaryLayout.KEY_START, R1);
  }

  /** Makes the syscall number in R2 the stats key's syscall: a compat call's gets COMPAT_KEY. */
  private void syscallKey(BpfAssembler a) {
    if (task.compatStatus() >= 0) {
      String nativeCall = label("native");
      a.load(W, R1, R8, task.compatStatus())
          .aluImm(AND, R1, CompatCheck.TS_COMPAT)
          .jumpImm(JEQ, R1, 0, nativeCall);
      a.aluImm(OR, R2, SummaryLayout.COMPAT_KEY);
      a.label(nativeCall);
    }
    a.store(W, R10, STATS_KEY + SummaryLayout.KEY_SYSCALL, R2);
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

  /** The info key (tid, 0, start) of the thread whose stats key is at fp+STATS_KEY. */
  private static void infoKey(BpfAssembler a) {
    a.load(W, R1, R10, KEY).store(W, R10, INFO_KEY + SummaryLayout.KEY_TID, R1);
    a.storeImm(W, R10, INFO_KEY + SummaryLayout.KEY_SYSCALL, 0);
    a.load(DW, R1, R10, STATS_KEY + SummaryLayout.KEY_START);
    a.store(DW, R10, INFO_KEY + SummaryLayout.KEY_START, R1);
  }

  /**
   * The first call of a syscall in a thread (taken once per (thread, syscall)): the thread's info
   * (pid, its process leader's start time, cgroup, comm) unless it has one, and the stats entry,
   * made from the zeroed template; R0 the entry, or to out when the map is full (counted).
   */
  private void newEntry(BpfAssembler a, String out) {
    String leaderKnown = label("leader_known");
    String named = label("named");
    String hasInfo = label("has_info");
    String unsummed = label("unsummed");
    String found = label("found");
    infoKey(a);
    lookup(a, maps.info(), INFO_KEY);
    a.jumpImm(JNE, R0, 0, hasInfo);
    a.load(DW, R1, R10, PID_TGID).aluImm(RSH, R1, 32);
    a.store(W, R10, INFO_VAL + SummaryLayout.INFO_PID, R1);
    a.storeImm(W, R10, INFO_VAL + 4, 0);
    a.storeImm(DW, R10, INFO_VAL + SummaryLayout.INFO_LEADER_START, 0);
    a.call(HELPER_GET_CURRENT_TASK).movReg(R3, R0).aluImm(ADD, R3, task.groupLeader());
    a.movReg(R1, R10).aluImm(ADD, R1, SCRATCH).movImm(R2, 8).call(HELPER_PROBE_READ_KERNEL);
    a.jumpImm(JNE, R0, 0, leaderKnown);
    a.movReg(R1, R10).aluImm(ADD, R1, INFO_VAL + SummaryLayout.INFO_LEADER_START).movImm(R2, 8);
    a.load(DW, R3, R10, SCRATCH).aluImm(ADD, R3, task.startTime()).call(HELPER_PROBE_READ_KERNEL);
    a.label(leaderKnown);
    a.call(HELPER_GET_CURRENT_CGROUP_ID).store(DW, R10, INFO_VAL + SummaryLayout.INFO_CGROUP, R0);
    a.movReg(R1, R10).aluImm(ADD, R1, INFO_VAL + SummaryLayout.INFO_COMM);
    a.movImm(R2, SummaryLayout.COMM_SIZE).call(HELPER_GET_CURRENT_COMM);
    update(a, maps.info(), INFO_KEY, INFO_VAL, NOEXIST);
    a.jumpImm(JEQ, R0, 0, named);
    count(a, SummaryLayout.UNNAMED_THREADS);
    a.label(named);
    a.label(hasInfo);
    a.storeImm(W, R10, SCRATCH, 0);
    lookup(a, maps.template(), SCRATCH);
    a.jumpImm(JEQ, R0, 0, out);
    a.movReg(R3, R0).loadMap(R1, maps.stats()).movReg(R2, R10).aluImm(ADD, R2, STATS_KEY);
    a.movImm(R4, NOEXIST).call(HELPER_MAP_UPDATE);
    a.jumpImm(JNE, R0, 0, unsummed);
    lookup(a, maps.stats(), STATS_KEY);
    a.jumpImm(JNE, R0, 0, found);
    a.label(unsummed);
    count(a, SummaryLayout.UNSUMMED_CALLS);
    a.jumpAlways(out);
    a.label(found);
  }

  /** Marks the call of the entry at R0 in flight from now. */
  private static void enterCall(BpfAssembler a) {
    a.movReg(R9, R0);
    a.call(HELPER_KTIME_GET_NS).store(DW, R9, SummaryLayout.ENTER, R0);
    a.storeImm(DW, R9, SummaryLayout.STATE, SummaryLayout.IN_FLIGHT);
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
    a.movReg(R2, R7);
    syscallKey(a);
    // an entry exists only for a thread to summarize (they are made for those only)
    lookup(a, maps.stats(), STATS_KEY);
    a.jumpImm(JNE, R0, 0, "have");
    taskFilter(a, "out");
    newEntry(a, "out");
    a.label("have");
    enterCall(a);
    a.label("out").movImm(R0, 0).exit();
    return a.build();
  }

  /** Jumps to found with R0 the stats entry at fp+STATS_KEY when its call is in flight. */
  private void inFlight(BpfAssembler a, String found) {
    String not = label("not_in_flight");
    lookup(a, maps.stats(), STATS_KEY);
    a.jumpImm(JEQ, R0, 0, not);
    a.load(DW, R1, R0, SummaryLayout.STATE).jumpImm(JEQ, R1, SummaryLayout.IN_FLIGHT, found);
    a.label(not);
  }

  long[] exit() {
    BpfAssembler a = new BpfAssembler();
    a.movReg(R6, R1);
    currentTask(a);
    a.movReg(R1, R8).call(HELPER_TASK_PT_REGS);
    a.load(W, R2, R0, task.syscallNr()); // the number's low 32 bits, as the key holds it
    a.movImm(R3, NO_SYSCALL).mov32Reg(R3, R3);
    a.jumpReg(JEQ, R2, R3, "sigreturn");
    syscallKey(a);
    inFlight(a, "found");
    if (task.compatStatus() >= 0) {
      // an exec that changed the ABI (a 64-bit execve of a 32-bit program returns as compat)
      a.load(W, R1, R10, STATS_KEY + SummaryLayout.KEY_SYSCALL);
      a.jumpImm(JSET, R1, SummaryLayout.COMPAT_KEY, "was_compat");
      a.aluImm(OR, R1, SummaryLayout.COMPAT_KEY).jumpAlways("flipped");
      a.label("was_compat").aluImm(AND, R1, SummaryLayout.COMPAT_KEY - 1);
      a.label("flipped").store(W, R10, STATS_KEY + SummaryLayout.KEY_SYSCALL, R1);
      inFlight(a, "found");
    }
    a.jumpAlways("out");
    // a sigreturn set pt_regs' number to -1 (no restart): the call is the sigreturn in flight
    a.label("sigreturn");
    for (int key : sigreturnKeys) {
      a.storeImm(W, R10, STATS_KEY + SummaryLayout.KEY_SYSCALL, key);
      inFlight(a, "found");
    }
    a.jumpAlways("out");

    a.label("found").movReg(R9, R0);
    a.storeImm(DW, R9, SummaryLayout.STATE, 0);
    a.load(DW, R7, R6, 8); // raw ctx: args[1] the return value
    a.call(HELPER_KTIME_GET_NS).movReg(R8, R0);
    a.load(DW, R1, R9, SummaryLayout.ENTER).aluReg(SUB, R8, R1);
    a.jumpImm(JSGE, R8, 0, "timed");
    a.movImm(R8, 0);
    a.label("timed");
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

  /** Writes the current comm into the current thread's info. */
  private static void rename(BpfAssembler a, int info, String done) {
    infoKey(a);
    lookup(a, info, INFO_KEY);
    a.jumpImm(JEQ, R0, 0, done);
    a.aluImm(ADD, R0, SummaryLayout.INFO_COMM).movReg(R1, R0);
    a.movImm(R2, SummaryLayout.COMM_SIZE).call(HELPER_GET_CURRENT_COMM);
  }

  /**
   * sched_process_exit: the thread's comm at its end is kept (perf names a thread so) and, unless
   * system-wide, it is no longer traced; its stats stay. A call it is inside never returns and is
   * not counted, as perf trace -s does not.
   */
  long[] taskExit() {
    BpfAssembler a = new BpfAssembler();
    currentTask(a);
    if (!allTasks) {
      a.loadMap(R1, maps.tids()).movReg(R2, R10).aluImm(ADD, R2, KEY).call(HELPER_MAP_DELETE);
    }
    rename(a, maps.info(), "out");
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
        a.storeImm(W, R10, STATS_KEY + SummaryLayout.KEY_SYSCALL, execveNr);
        lookup(a, maps.stats(), STATS_KEY);
        a.jumpImm(JNE, R0, 0, "exec_entry");
        newEntry(a, "out");
        a.label("exec_entry");
        enterCall(a);
        a.jumpAlways("out");
      }
      a.label("known");
    }
    rename(a, maps.info(), "out");
    a.label("out").movImm(R0, 0).exit();
    return a.build();
  }
}
