/**
 * The capture layer: the kernel's perf_event interface called directly through Java FFM, usable on
 * its own (jtrace trace, record and anything else that needs tracepoint samples). The attr and
 * record layout it shares with perf.data are in {@code dev.jtrace.perf.abi}.
 *
 * <p>Entry points:
 *
 * <ul>
 *   <li>{@link dev.jtrace.tracer.perf.Tracefs#locate()} finds (or mounts) tracefs and reads
 *       tracepoint ids and format fields.
 *   <li>{@link dev.jtrace.tracer.perf.TracerAttr#tracepoint(long)} builds an attr with the tracer's
 *       sample layout ({@link dev.jtrace.tracer.perf.TracerAttr#LAYOUT}:
 *       IDENTIFIER|TID|TIME|CPU|RAW, CLOCK_MONOTONIC timestamps, sample_id_all, read_format LOST)
 *       and {@link dev.jtrace.tracer.perf.PerfEvent#open} opens it; ioctls: enable, disable,
 *       redirectTo (SET_OUTPUT), setFilter, id; {@link
 *       dev.jtrace.tracer.perf.PerfEvent#lostSamples()} counts drops, including those no
 *       PERF_RECORD_LOST reported yet.
 *   <li>{@link dev.jtrace.tracer.perf.RingBuffer#map} maps one ring per CPU; {@link
 *       dev.jtrace.tracer.perf.RingBuffer#drain} hands raw records to a {@link
 *       dev.jtrace.tracer.perf.RecordSink} with data_head acquire / data_tail release ordering;
 *       {@link dev.jtrace.tracer.perf.RingBuffer#copyAvailable} instead copies the raw bytes out
 *       (wrap undone) to decode elsewhere with {@link
 *       dev.jtrace.tracer.perf.RingBuffer#forEachRecord}; {@link dev.jtrace.tracer.perf.Poller}
 *       waits for watermark wakeups (or any other fd, e.g. a pidfd).
 *   <li>{@link dev.jtrace.tracer.perf.NativeCalls}: the raw calls (perf_event_open, ioctl, mmap,
 *       ppoll, read, kill, pidfd_open, setpriority, mount, bpf) through one {@code syscall}
 *       downcall handle, errno captured; the numbers and flag values are the host arch's, from the
 *       generated tables.
 * </ul>
 *
 * <p>Every failure is a {@link dev.jtrace.tracer.perf.PerfException} (an IOException) whose message
 * carries the errno text and what to change (perf_event_paranoid, CAP_PERFMON, tracefs). The
 * syscall-specific decoding of samples lives in {@code dev.jtrace.tracer.event}; opening the
 * syscall tracepoints for a target in {@code dev.jtrace.tracer.capture}.
 */
package dev.jtrace.tracer.perf;
