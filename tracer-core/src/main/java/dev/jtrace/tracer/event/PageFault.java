package dev.jtrace.tracer.event;

/**
 * A page fault of a traced task (perf trace's {@code -F}): where it happened ({@code ip}, in the
 * kernel when {@code kernel}, e.g. copying to user memory) and the address that faulted.
 *
 * @param major the page had to be read in (perf's {@code majfault}), else {@code minfault}
 * @param callchain the stack when --call-graph asked for one, else null
 */
public record PageFault(
    long time,
    int cpu,
    int pid,
    int tid,
    boolean major,
    long ip,
    long address,
    boolean kernel,
    long[] callchain)
    implements TraceRecord {}
