/**
 * A live tracing session: {@link dev.jtrace.tracer.session.LiveTracer} wires capture, decoding, ordering,
 * state and outputs for one {@code jtrace} run.
 *
 * <p>Two threads. The reader (the main thread, at a higher priority when allowed) sleeps in poll until a
 * ring passes its watermark (a quarter full), the fd watch fires, the workload exits (pidfd) or 100 ms pass;
 * then it copies every ring's new bytes into native chunks, releasing the ring at once, and queues them.
 * The printer thread (lower priority) decodes the chunks, merges the CPUs in time order (holding back records
 * younger than a 5 ms window before the reader's last pass), keeps the thread and fd tables, joins entries
 * with returns ({@link dev.jtrace.tracer.session.TraceProcessor}) and writes the outputs. So the kernel never
 * waits for formatting: the printer may lag (memory grows, bounded), the reader does not.
 *
 * <p>fd paths: fds held before tracing come from a /proc snapshot taken before the events are enabled; fds
 * created while tracing are read from /proc by the reader right after their return is copied, and only when
 * nothing later in the copied data shows the fd closed or replaced ({@link
 * dev.jtrace.tracer.session.NewFdScanner}); otherwise they print as bare numbers, never as another file's.
 */
package dev.jtrace.tracer.session;
