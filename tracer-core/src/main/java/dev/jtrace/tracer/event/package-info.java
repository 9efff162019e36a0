/**
 * The typed event model: immutable records decoded from perf rings ({@link
 * dev.jtrace.tracer.event.TraceRecord} and its kinds), the joined {@link
 * dev.jtrace.tracer.event.SyscallEvent} every output consumes, and {@link
 * dev.jtrace.tracer.event.RingRecordDecoder}, the {@code RecordSink} that turns ring bytes into
 * records. {@link dev.jtrace.tracer.event.CompatAbi} says which beautifier renders a call of the
 * 32-bit compat ABI (i386 on x86_64) and how its numbers map onto the native ones.
 */
package dev.jtrace.tracer.event;
