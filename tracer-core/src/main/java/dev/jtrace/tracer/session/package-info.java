/**
 * A live tracing session: {@link dev.jtrace.tracer.session.LiveTracer} wires capture, decoding, ordering,
 * state and outputs for one {@code jtrace} run; {@link dev.jtrace.tracer.session.TraceProcessor} turns ordered
 * records into syscall events.
 */
package dev.jtrace.tracer.session;
