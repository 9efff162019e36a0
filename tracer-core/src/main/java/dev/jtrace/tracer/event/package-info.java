/**
 * The typed event model: immutable records decoded from perf rings ({@link
 * dev.jtrace.tracer.event.TraceRecord} and its kinds), the joined {@link
 * dev.jtrace.tracer.event.SyscallEvent} every output consumes, and {@link
 * dev.jtrace.tracer.event.RingRecordDecoder}, the {@code RecordSink} that turns ring bytes into
 * records.
 */
package dev.jtrace.tracer.event;
