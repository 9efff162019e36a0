/** Targets: the forked workload (started stopped, see {@link dev.jtrace.tracer.workload.Workload}) and /proc lookups of existing tasks. */
package dev.jtrace.tracer.workload;
