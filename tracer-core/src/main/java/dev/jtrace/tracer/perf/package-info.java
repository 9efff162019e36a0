/**
 * The capture layer: the kernel's perf_event interface called directly through Java FFM, usable on its own
 * (jtrace trace, record and anything else that needs tracepoint samples).
 *
 * <p>Entry points:
 *
 * <ul>
 *   <li>{@link dev.jtrace.tracer.perf.Tracefs#locate()} finds (or mounts) tracefs and reads tracepoint ids
 *       and format fields.
 *   <li>{@link dev.jtrace.tracer.perf.PerfEventAttr#tracepoint(long)} builds an attr with the tracer's sample
 *       layout ({@link dev.jtrace.tracer.perf.SampleLayout}: IDENTIFIER|TID|TIME|CPU|RAW, CLOCK_MONOTONIC
 *       timestamps, sample_id_all) and {@link dev.jtrace.tracer.perf.PerfEvent#open} opens it; ioctls:
 *       enable, disable, redirectTo (SET_OUTPUT), setFilter, id.
 *   <li>{@link dev.jtrace.tracer.perf.RingBuffer#map} maps one ring per CPU; {@link
 *       dev.jtrace.tracer.perf.RingBuffer#drain} hands raw records to a {@link dev.jtrace.tracer.perf.RecordSink}
 *       with data_head acquire / data_tail release ordering; {@link dev.jtrace.tracer.perf.Poller} waits for
 *       watermark wakeups.
 * </ul>
 *
 * <p>Every failure is a {@link dev.jtrace.tracer.perf.PerfException} (an IOException) whose message carries
 * the errno text and what to change (perf_event_paranoid, CAP_PERFMON, tracefs). The syscall-specific
 * decoding of samples lives in {@code dev.jtrace.tracer.event}; opening the syscall tracepoints for a target
 * in {@code dev.jtrace.tracer.capture}.
 */
package dev.jtrace.tracer.perf;
