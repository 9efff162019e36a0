/**
 * A tracing session. {@link dev.jtrace.tracer.session.TracePipeline} assembles the record → state →
 * outputs half (thread and fd tables, text or JSON, summary, {@link
 * dev.jtrace.tracer.session.TraceProcessor}) for every source: a live run, a perf.data replay
 * ({@code tracer.replay}) and the JIT warm-up. A live run ({@link
 * dev.jtrace.tracer.session.LiveTracer}) adds what it opens in the kernel ({@link
 * dev.jtrace.tracer.session.LiveCapture}) and two threads.
 *
 * <p>The {@link dev.jtrace.tracer.session.ReaderLoop} (the main thread, at a higher priority when
 * allowed) sleeps in poll until a ring passes its watermark (a quarter full), the fd watch fires,
 * the workload exits (pidfd) or 100 ms pass; then it copies every ring's new bytes into native
 * chunks, releasing the ring at once, and queues them. The {@link
 * dev.jtrace.tracer.session.PrinterThread} (lower priority) decodes the chunks, merges the CPUs in
 * time order (holding back records younger than a 5 ms window before the reader's last pass), keeps
 * the thread and fd tables, joins entries with returns ({@link
 * dev.jtrace.tracer.session.TraceProcessor}) and writes the outputs. So the kernel never waits for
 * formatting: the printer may lag (memory grows, bounded), the reader does not.
 *
 * <p>fd paths: fds held before tracing come from a /proc snapshot taken before the events are
 * enabled; fds created while tracing are read from /proc by the reader right after their return is
 * copied, and only when nothing later in the copied data shows the fd closed or replaced ({@link
 * dev.jtrace.tracer.session.NewFdScanner}); otherwise they print as bare numbers, never as another
 * file's.
 */
package dev.jtrace.tracer.session;
