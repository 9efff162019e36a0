/**
 * The perf.data file format: the reader ({@code read}), the writer ({@code write}), the tracepoint
 * format decoding ({@code tracing}), perf script's output ({@code script}) and the feature numbers
 * of the header. The attr, record and sample-type model they share with live tracing is in {@code
 * dev.jtrace.perf.abi}.
 */
package dev.jtrace.perfdata;
