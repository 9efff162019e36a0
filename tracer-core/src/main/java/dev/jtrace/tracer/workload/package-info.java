/**
 * Whom a run traces and for how long: {@link dev.jtrace.tracer.workload.Targets} resolves
 * -p/-t/-u/-a (and perf's defaults) against /proc, {@link dev.jtrace.tracer.workload.Workload}
 * forks the command started stopped, {@link dev.jtrace.tracer.workload.Signals} turns Ctrl-C and
 * SIGTERM into a clean end. Shared by {@code jtrace} and {@code jtrace record}.
 */
package dev.jtrace.tracer.workload;
