/**
 * The kernel's perf ABI as plain Java, shared by live tracing ({@code tracer.perf} opens events and
 * reads rings) and the perf.data reader and writer: {@link dev.jtrace.perf.abi.EventAttr} and its
 * codec, the record and sample-type numbers, the perf.data header facts, and {@link
 * dev.jtrace.perf.abi.RecordLayout}, the field offsets that follow from an attr. No FFM here: the
 * codec works on a {@link java.nio.ByteBuffer}.
 */
package dev.jtrace.perf.abi;
