/**
 * Tracepoint formats: the tracing data blob of perf.data (trace-cmd's layout: header_page,
 * header_event, ftrace and per-system event format texts, kallsyms, printk formats, saved
 * cmdlines), the format text of one event, and the decoding of a tracepoint's raw payload with it
 * ({@link dev.jtrace.perfdata.tracing.SyscallPayload} for the syscall tracepoints, used by replay
 * and perf script).
 */
package dev.jtrace.perfdata.tracing;
