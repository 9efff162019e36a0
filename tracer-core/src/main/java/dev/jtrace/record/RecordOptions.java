package dev.jtrace.record;

import java.util.List;

/**
 * What {@code jtrace record} was asked for (the command line that fills it is {@code
 * dev.jtrace.cli.RecordCommand}'s).
 *
 * @param output the file, or {@code -} for pipe mode on standard output
 * @param events tracepoints as {@code system:name}
 * @param pids -p: existing processes (with their threads)
 * @param allCpus -a: every task
 * @param ringPages data pages per CPU ring
 * @param command the workload after {@code --}
 * @param argv the whole command line, for the CMDLINE feature
 * @param callGraph --call-graph fp: samples carry their callchain (kernel and user frames, as perf
 *     record -g), with MMAP2 records of the mappings and the BUILD_ID feature
 * @param dwarfStackSize --call-graph dwarf[,size]: samples carry the user registers and this many
 *     bytes of user stack instead of the user callchain (the kernel's still), as perf record
 *     --call-graph dwarf writes them, for perf script/report and jtrace script to unwind; 0: fp
 */
public record RecordOptions(
    String output,
    List<String> events,
    List<Integer> pids,
    boolean allCpus,
    int ringPages,
    List<String> command,
    List<String> argv,
    boolean callGraph,
    int dwarfStackSize) {

  /** With fp callchains when {@code callGraph}. */
  public RecordOptions(
      String output,
      List<String> events,
      List<Integer> pids,
      boolean allCpus,
      int ringPages,
      List<String> command,
      List<String> argv,
      boolean callGraph) {
    this(output, events, pids, allCpus, ringPages, command, argv, callGraph, 0);
  }

  /** A recording without callchains. */
  public RecordOptions(
      String output,
      List<String> events,
      List<Integer> pids,
      boolean allCpus,
      int ringPages,
      List<String> command,
      List<String> argv) {
    this(output, events, pids, allCpus, ringPages, command, argv, false, 0);
  }

  public static final List<String> DEFAULT_EVENTS =
      List.of("raw_syscalls:sys_enter", "raw_syscalls:sys_exit");
  public static final int DEFAULT_RING_PAGES = 2048;
}
