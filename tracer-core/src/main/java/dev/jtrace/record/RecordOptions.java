package dev.jtrace.record;

import java.util.List;

/**
 * What {@code jtrace record} was asked for (the command line that fills it is {@code
 * dev.jtrace.cli.RecordCommand}'s); made with {@link #builder}.
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
 * @param stringLimit --string-limit: bytes of a buffer copied with each call (strings and structs
 *     have limits of their own), for {@code jtrace -i} to show
 * @param contents each call's memory copied with it (the paired capture beside the tracepoints);
 *     false (--no-contents): the tracepoints alone, their strings copied, at perf record's cost
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
    int dwarfStackSize,
    int stringLimit,
    boolean contents) {

  public static final List<String> DEFAULT_EVENTS =
      List.of("raw_syscalls:sys_enter", "raw_syscalls:sys_exit");
  public static final int DEFAULT_RING_PAGES = 2048;

  /** As a live trace's: strace's -s default. */
  public static final int DEFAULT_STRING_LIMIT = 32;

  public static Builder builder() {
    return new Builder();
  }

  /** Builds {@link RecordOptions}; unset values are the command line's defaults. */
  public static final class Builder {
    private String output = "perf.data";
    private List<String> events = DEFAULT_EVENTS;
    private List<Integer> pids = List.of();
    private boolean allCpus;
    private int ringPages = DEFAULT_RING_PAGES;
    private List<String> command = List.of();
    private List<String> argv = List.of("jtrace", "record");
    private boolean callGraph;
    private int dwarfStackSize;
    private int stringLimit = DEFAULT_STRING_LIMIT;
    private boolean contents = true;

    private Builder() {}

    public Builder output(String v) {
      output = v;
      return this;
    }

    public Builder events(List<String> v) {
      events = List.copyOf(v);
      return this;
    }

    public Builder pids(List<Integer> v) {
      pids = List.copyOf(v);
      return this;
    }

    public Builder allCpus(boolean v) {
      allCpus = v;
      return this;
    }

    public Builder ringPages(int v) {
      ringPages = v;
      return this;
    }

    public Builder command(List<String> v) {
      command = List.copyOf(v);
      return this;
    }

    public Builder argv(List<String> v) {
      argv = List.copyOf(v);
      return this;
    }

    /** --call-graph fp (dwarfStackSize 0) or dwarf (the stack bytes each sample copies). */
    public Builder callGraph(boolean v, int dwarfStackSize) {
      callGraph = v;
      this.dwarfStackSize = v ? dwarfStackSize : 0;
      return this;
    }

    public Builder stringLimit(int v) {
      stringLimit = v;
      return this;
    }

    public Builder contents(boolean v) {
      contents = v;
      return this;
    }

    public RecordOptions build() {
      return new RecordOptions(
          output,
          events,
          pids,
          allCpus,
          ringPages,
          command,
          argv,
          callGraph,
          dwarfStackSize,
          stringLimit,
          contents);
    }
  }
}
