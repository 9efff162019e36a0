package dev.jtrace.tracer.event;

/**
 * A new mapping of a traced process (PERF_RECORD_MMAP2), applied to the symbolizer in time order
 * with the exec and fork records: applied as decoded, a mapping read from one CPU's ring before an
 * exec read later from another's would be wiped by that exec.
 *
 * @param key the mapped file's build id or device:inode, or null
 */
public record TaskMmap(
    long time, int cpu, int pid, long start, long length, long pgoff, String path, String key)
    implements TraceRecord {}
