/**
 * The perf.data file format: the event attributes, record and feature numbering shared by the reader
 * ({@code read}), the writer ({@code write}) and the tracepoint format decoding ({@code tracing}).
 */
package dev.jtrace.perfdata;
