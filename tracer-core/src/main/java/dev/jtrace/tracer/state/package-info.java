/**
 * The traced system's state as the trace unfolds: threads and their COMMs, per-process fd tables,
 * and the {@link dev.jtrace.beauty.BeautyContext} built from them.
 */
package dev.jtrace.tracer.state;
