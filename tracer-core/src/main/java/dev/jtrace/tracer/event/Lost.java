package dev.jtrace.tracer.event;

/**
 * The kernel dropped {@code count} records on cpu because the ring was full. A count of 0 says only
 * that a ring was found full, so drops may begin at time: the kernel writes its LOST record when
 * the ring has room and the CPU has a next event, which may be long after (the task moved to
 * another CPU), and what the drops changed (an fd) must not be trusted meanwhile.
 *
 * @param calls whether each lost record was a whole call (the paired capture's), not one event
 */
public record Lost(long time, int cpu, long count, boolean calls) implements TraceRecord {
  public Lost(long time, int cpu, long count) {
    this(time, cpu, count, false);
  }

  /** What was lost, as the LOST line names it. */
  public String unit() {
    return calls ? "calls" : "events";
  }
}
