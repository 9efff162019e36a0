/**
 * What a trace was asked for: {@link dev.jtrace.tracer.options.TraceOptions}, perf trace's option
 * names and meanings (the command line that fills it is {@code dev.jtrace.cli.TraceCommand}'s).
 */
package dev.jtrace.tracer.options;
