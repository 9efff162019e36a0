/**
 * {@code jtrace record}: opens tracepoints with the tracer's perf layer (one ring per CPU, every
 * event on the CPU redirected into it), copies the kernel's records unchanged into a perf.data
 * writer, and ends each pass over the rings with FINISHED_ROUND, as perf record does. Each pass
 * goes to disk at once; SIGINT or SIGTERM ends the recording and its workload with a complete file,
 * and a killed recording is still read (by jtrace) up to its last pass.
 */
package dev.jtrace.record;
