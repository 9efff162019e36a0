package dev.jtrace.tracer.options;

import java.util.List;

/**
 * jtrace's trace options, named and meant as perf trace's; built with {@link #builder()}.
 *
 * <p>Targets and a command combine as in perf trace: no target and no command trace the whole
 * system ({@link #systemWide()}); {@code -p}/{@code -t}/{@code -u} with a command trace those
 * targets while the command runs.
 *
 * @param command the workload after {@code --} (empty: none)
 * @param pids -p: existing processes
 * @param tids -t: existing threads
 * @param user -u: a user name or uid whose processes are traced
 * @param allCpus -a: every task on every CPU
 * @param cpus -C: CPU list (implies system-wide), or null
 * @param noInherit --no-inherit: children are not followed
 * @param expr -e/--expr: syscall selection, or null for all
 * @param filterPids --filter-pids: pids the kernel drops
 * @param durationMs --duration: only calls at least this long
 * @param failure --failure: only failed calls
 * @param summaryOnly -s: only the summary
 * @param withSummary -S: the lines and the summary
 * @param errnoSummary --errno-summary: errnos per syscall in the summary
 * @param absoluteTime -T: the clock's timestamps
 * @param comm --comm/--no-comm: show the comm next to the tid
 * @param output -o: trace file, or null for stderr
 * @param maxEvents --max-events: stop after this many (0: no limit)
 * @param mmapPages -m: data pages per CPU ring (0: default)
 * @param delayMs -D: wait this long before tracing
 * @param verbose -v: describe what was opened
 * @param json --json: one JSON object per event instead of text lines
 * @param input -i: the perf.data to replay ({@code -}: a pipe), or null to trace live
 * @param capture --capture: how calls are captured live
 * @param stringLimit --string-limit: bytes of a string or buffer shown (strace's -s)
 * @param callGraph --call-graph and the options that go with it: which calls carry a stack
 * @param noSyscalls --no-syscalls: only the tracepoints of -e
 * @param noSignals --no-signals: no {@code --- SIG… ---} and {@code +++ exited +++} lines
 * @param pageFaults -F/--pf: the page faults traced beside the calls
 * @param sched --sched: each thread's time on CPU (sched_stat_runtime) in the summary
 * @param summaryMode --summary-mode: what -s sums by
 * @param histogram --histogram: the summary's log2 latency histograms
 * @param filter --filter: an argument filter evaluated in the kernel, or null
 * @param successfulOnly -z/--successful-only: only calls that returned without an error
 * @param cgroup -G/--cgroup: only tasks in this cgroup v2 (a path), or null
 * @param spillLimit --spill-limit: bytes of the paired capture's backlog kept on disk while the
 *     printer is behind (0: none; the kernel drops what the memory budget does not hold)
 * @param tracePaths -P/--trace-path: only calls touching these paths (strace's -P), or empty
 */
public record TraceOptions(
    List<String> command,
    List<Integer> pids,
    List<Integer> tids,
    String user,
    boolean allCpus,
    String cpus,
    boolean noInherit,
    String expr,
    List<Integer> filterPids,
    double durationMs,
    boolean failure,
    boolean summaryOnly,
    boolean withSummary,
    boolean errnoSummary,
    boolean absoluteTime,
    boolean comm,
    String output,
    long maxEvents,
    int mmapPages,
    long delayMs,
    boolean verbose,
    boolean json,
    String input,
    Capture capture,
    int stringLimit,
    CallGraph callGraph,
    boolean noSyscalls,
    boolean noSignals,
    PageFaults pageFaults,
    boolean sched,
    SummaryMode summaryMode,
    boolean histogram,
    String filter,
    boolean successfulOnly,
    String cgroup,
    long spillLimit,
    List<String> tracePaths) {

  /** The default --spill-limit: a few seconds of a printer's work, on disk. */
  public static final long DEFAULT_SPILL_LIMIT = 1L << 30;

  /** strace's default string limit. */
  public static final int DEFAULT_STRING_LIMIT = 32;

  /** How a live trace captures the calls. */
  public enum Capture {
    /**
     * The paired BPF capture, unless the selection is a few syscalls with tracepoints of their own
     * (cheaper: nothing runs for the other calls) or BPF is refused.
     */
    AUTO,
    /** The paired BPF capture: entry and return joined in the kernel, contents copied. */
    BPF,
    /** perf's syscall tracepoints, strings copied by BPF when allowed. */
    PERF,
    /**
     * The paired BPF capture's programs on each selected syscall's kernel function (fentry/fexit
     * from BTF): no syscall tracepoint is enabled, so untraced calls and tasks keep the fast path.
     */
    FENTRY,
    /**
     * The paired BPF capture's programs on each selected syscall's own tracepoints
     * (syscalls:sys_enter_NAME/sys_exit_NAME): nothing runs for the calls not selected. What auto
     * takes for a few syscalls when fentry is refused.
     */
    BPF_TRACEPOINTS
  }

  /** --summary-mode: what the summary's tables are per. */
  public enum SummaryMode {
    THREAD,
    PROCESS,
    TOTAL,
    CGROUP
  }

  public TraceOptions {
    command = List.copyOf(command);
    pids = List.copyOf(pids);
    tids = List.copyOf(tids);
    filterPids = List.copyOf(filterPids);
    tracePaths = List.copyOf(tracePaths);
  }

  /** Every task: -a, -C, or neither a target nor a command (perf trace's default). */
  public boolean systemWide() {
    return allCpus || cpus != null || (!hasTargets() && !hasWorkload());
  }

  /** Whether -p, -t or -u name existing tasks (traced while a command, if any, runs). */
  public boolean hasTargets() {
    return !pids.isEmpty() || !tids.isEmpty() || user != null;
  }

  public boolean hasWorkload() {
    return !command.isEmpty();
  }

  /** Whether this replays a perf.data (-i) rather than tracing live. */
  public boolean replay() {
    return input != null;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Options start as perf trace's defaults: everything traced, comm shown, output to stderr. */
  public static final class Builder {
    private List<String> command = List.of();
    private List<Integer> pids = List.of();
    private List<Integer> tids = List.of();
    private String user;
    private boolean allCpus;
    private String cpus;
    private boolean noInherit;
    private String expr;
    private List<Integer> filterPids = List.of();
    private double durationMs;
    private boolean failure;
    private boolean noSyscalls;
    private PageFaults pageFaults = PageFaults.NONE;
    private boolean sched;
    private boolean noSignals;
    private SummaryMode summaryMode = SummaryMode.THREAD;
    private boolean histogram;
    private boolean summaryOnly;
    private boolean withSummary;
    private boolean errnoSummary;
    private boolean absoluteTime;
    private boolean comm = true;
    private String output;
    private long maxEvents;
    private int mmapPages;
    private long delayMs;
    private boolean verbose;
    private boolean json;
    private String input;
    private Capture capture = Capture.AUTO;
    private int stringLimit = DEFAULT_STRING_LIMIT;
    private CallGraph callGraph = CallGraph.NONE;
    private String filter;
    private boolean successfulOnly;
    private String cgroup;
    private long spillLimit = DEFAULT_SPILL_LIMIT;
    private List<String> tracePaths = List.of();

    private Builder() {}

    public Builder filter(String v) {
      filter = v;
      return this;
    }

    public Builder successfulOnly(boolean v) {
      successfulOnly = v;
      return this;
    }

    public Builder tracePaths(List<String> v) {
      tracePaths = v;
      return this;
    }

    public Builder spillLimit(long v) {
      spillLimit = v;
      return this;
    }

    public Builder cgroup(String v) {
      cgroup = v;
      return this;
    }

    public Builder capture(Capture v) {
      capture = v;
      return this;
    }

    public Builder callGraph(CallGraph v) {
      callGraph = v;
      return this;
    }

    public Builder stringLimit(int v) {
      stringLimit = v;
      return this;
    }

    public Builder command(List<String> v) {
      command = v;
      return this;
    }

    public Builder pids(List<Integer> v) {
      pids = v;
      return this;
    }

    public Builder tids(List<Integer> v) {
      tids = v;
      return this;
    }

    public Builder user(String v) {
      user = v;
      return this;
    }

    public Builder allCpus(boolean v) {
      allCpus = v;
      return this;
    }

    public Builder cpus(String v) {
      cpus = v;
      return this;
    }

    public Builder noInherit(boolean v) {
      noInherit = v;
      return this;
    }

    public Builder expr(String v) {
      expr = v;
      return this;
    }

    public Builder filterPids(List<Integer> v) {
      filterPids = v;
      return this;
    }

    public Builder durationMs(double v) {
      durationMs = v;
      return this;
    }

    public Builder failure(boolean v) {
      failure = v;
      return this;
    }

    public Builder summaryOnly(boolean v) {
      summaryOnly = v;
      return this;
    }

    public Builder withSummary(boolean v) {
      withSummary = v;
      return this;
    }

    public Builder errnoSummary(boolean v) {
      errnoSummary = v;
      return this;
    }

    public Builder absoluteTime(boolean v) {
      absoluteTime = v;
      return this;
    }

    public Builder comm(boolean v) {
      comm = v;
      return this;
    }

    public Builder output(String v) {
      output = v;
      return this;
    }

    public Builder maxEvents(long v) {
      maxEvents = v;
      return this;
    }

    public Builder mmapPages(int v) {
      mmapPages = v;
      return this;
    }

    public Builder delayMs(long v) {
      delayMs = v;
      return this;
    }

    public Builder verbose(boolean v) {
      verbose = v;
      return this;
    }

    public Builder json(boolean v) {
      json = v;
      return this;
    }

    public Builder input(String v) {
      input = v;
      return this;
    }

    public Builder noSyscalls(boolean v) {
      noSyscalls = v;
      return this;
    }

    public Builder noSignals(boolean v) {
      noSignals = v;
      return this;
    }

    public Builder pageFaults(PageFaults v) {
      pageFaults = v;
      return this;
    }

    public Builder sched(boolean v) {
      sched = v;
      return this;
    }

    public Builder summaryMode(SummaryMode v) {
      summaryMode = v;
      return this;
    }

    public Builder histogram(boolean v) {
      histogram = v;
      return this;
    }

    public TraceOptions build() {
      return new TraceOptions(
          command,
          pids,
          tids,
          user,
          allCpus,
          cpus,
          noInherit,
          expr,
          filterPids,
          durationMs,
          failure,
          summaryOnly,
          withSummary,
          errnoSummary,
          absoluteTime,
          comm,
          output,
          maxEvents,
          mmapPages,
          delayMs,
          verbose,
          json,
          input,
          capture,
          stringLimit,
          callGraph,
          noSyscalls,
          noSignals,
          pageFaults,
          sched,
          summaryMode,
          histogram,
          filter,
          successfulOnly,
          cgroup,
          spillLimit,
          tracePaths);
    }
  }
}
