/** The live tracer's command line: perf trace's option names and meanings. */
package dev.jtrace.tracer.options;
