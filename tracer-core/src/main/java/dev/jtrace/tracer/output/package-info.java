/**
 * What users read: perf trace's text lines ({@link dev.jtrace.tracer.output.TextPrinter}, geometry
 * in {@link dev.jtrace.tracer.output.LineLayout}), one JSON object per syscall ({@link
 * dev.jtrace.tracer.output.JsonPrinter}) and the per-thread summary ({@link
 * dev.jtrace.tracer.output.SummaryCollector}), all fed the same events through {@link
 * dev.jtrace.tracer.output.TraceOutput}.
 */
package dev.jtrace.tracer.output;
