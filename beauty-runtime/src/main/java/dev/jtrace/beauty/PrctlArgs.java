package dev.jtrace.beauty;

import java.util.HashMap;
import java.util.Map;

/**
 * prctl's arg2..arg5 by option, as prctl(2) documents them: an option shows only the arguments it
 * reads ({@code prctl(option: GET_DUMPABLE) = 1}), SET_NAME its name, SET_PDEATHSIG a signal,
 * SET_MM its sub-option. Options this class does not know show every non-zero argument in hex.
 */
final class PrctlArgs {
  /** How many of arg2..arg5 each option reads, by option name (prefix PR_ stripped). */
  private static final Map<String, Integer> USED = new HashMap<>();

  private static void uses(int count, String... options) {
    for (String option : options) {
      USED.put(option, count);
    }
  }

  static {
    uses(
        0,
        "GET_DUMPABLE",
        "GET_KEEPCAPS",
        "GET_TIMING",
        "GET_SECCOMP",
        "GET_SECUREBITS",
        "GET_TIMERSLACK",
        "TASK_PERF_EVENTS_DISABLE",
        "TASK_PERF_EVENTS_ENABLE",
        "MCE_KILL_GET",
        "GET_NO_NEW_PRIVS",
        "GET_THP_DISABLE",
        "MPX_ENABLE_MANAGEMENT",
        "MPX_DISABLE_MANAGEMENT",
        "GET_FP_MODE",
        "SVE_GET_VL",
        "GET_TAGGED_ADDR_CTRL",
        "GET_IO_FLUSHER",
        "PAC_GET_ENABLED_KEYS",
        "SME_GET_VL",
        "GET_MDWE",
        "GET_MEMORY_MERGE",
        "RISCV_V_GET_CONTROL");
    uses(
        1,
        "SET_PDEATHSIG",
        "GET_PDEATHSIG",
        "SET_DUMPABLE",
        "GET_UNALIGN",
        "SET_UNALIGN",
        "SET_KEEPCAPS",
        "GET_FPEMU",
        "SET_FPEMU",
        "GET_FPEXC",
        "SET_FPEXC",
        "SET_TIMING",
        "SET_NAME",
        "GET_NAME",
        "GET_ENDIAN",
        "SET_ENDIAN",
        "CAPBSET_READ",
        "CAPBSET_DROP",
        "GET_TSC",
        "SET_TSC",
        "SET_SECUREBITS",
        "SET_TIMERSLACK",
        "SET_CHILD_SUBREAPER",
        "GET_CHILD_SUBREAPER",
        "SET_NO_NEW_PRIVS",
        "GET_TID_ADDRESS",
        "SET_THP_DISABLE",
        "SET_FP_MODE",
        "SVE_SET_VL",
        "GET_SPECULATION_CTRL",
        "PAC_RESET_KEYS",
        "SET_TAGGED_ADDR_CTRL",
        "SET_IO_FLUSHER",
        "SME_SET_VL",
        "SET_MDWE",
        "SET_MEMORY_MERGE",
        "RISCV_V_SET_CONTROL",
        "PPC_GET_DEXCR",
        "SET_PTRACER");
    uses(
        2,
        "SET_SECCOMP",
        "MCE_KILL",
        "CAP_AMBIENT",
        "SET_SPECULATION_CTRL",
        "PAC_SET_ENABLED_KEYS",
        "RISCV_SET_ICACHE_FLUSH_CTX",
        "PPC_SET_DEXCR",
        "GET_AUXV");
    uses(4, "SET_MM", "SET_SYSCALL_USER_DISPATCH", "SCHED_CORE", "SET_VMA");
  }

  private final ArgRenderer renderer;
  private final ArchTables tables;

  PrctlArgs(ArgRenderer renderer, ArchTables tables) {
    this.renderer = renderer;
    this.tables = tables;
  }

  /**
   * The text of prctl's argument {@code i} (arg2 is index 1), or null when its option does not read
   * it.
   */
  String arg(
      SyscallSignature sig,
      ArgSpec spec,
      int i,
      int pid,
      long[] args,
      CapturedMemory memory,
      BeautyContext context) {
    long v = args[i];
    int optIdx = sig.indexOf("option");
    String option = optIdx >= 0 ? tables.name(TableNames.PRCTL_OPTIONS, args[optIdx]) : null;
    Integer used = option == null ? null : USED.get(option);
    if (used == null) {
      return v == 0 ? null : ArgRenderer.hex(v);
    }
    int nth = i - optIdx; // 1 for arg2
    if (nth > used) {
      return null;
    }
    boolean arg2 = nth == 1;
    return switch (option) {
      case "SET_NAME" -> {
        String name = arg2 ? memory.string(i) : null;
        yield name != null ? ArgRenderer.quote(name) : ArgRenderer.pointer(v);
      }
      case "SET_PDEATHSIG" -> v == 0 ? "0" : renderer.signal((int) v);
      case "SET_PTRACER" -> ArgRenderer.pid((int) v, context);
      case "SET_MM" ->
          arg2
              ? renderer.valueOr(TableNames.PR_SET_MM_OPTIONS, v, Long.toString(v))
              : ArgRenderer.hex(v);
      case "GET_PDEATHSIG",
          "GET_UNALIGN",
          "GET_FPEMU",
          "GET_FPEXC",
          "GET_NAME",
          "GET_ENDIAN",
          "GET_TSC",
          "GET_CHILD_SUBREAPER",
          "GET_TID_ADDRESS" ->
          ArgRenderer.pointer(v);
      // Counts and modes in decimal; addresses and masks (SET_VMA's, SET_MM's) in hex.
      default -> v >= 0 && v <= 0xffff ? Long.toString(v) : ArgRenderer.hex(v);
    };
  }
}
