/**
 * Text views of a perf.data file: {@code perf script}-style sample lines and {@code perf evlist}
 * lines.
 */
package dev.jtrace.perfdata.script;
