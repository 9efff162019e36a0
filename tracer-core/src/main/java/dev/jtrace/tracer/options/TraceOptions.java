package dev.jtrace.tracer.options;

import java.util.List;

/**
 * jtrace's live-trace options, named and meant as perf trace's.
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
    boolean json) {

  public boolean systemWide() {
    return allCpus || cpus != null;
  }

  public boolean hasWorkload() {
    return !command.isEmpty();
  }
}
