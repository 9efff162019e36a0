package dev.jtrace.tracer.event;

/**
 * The kernel dropped {@code count} records on cpu because the ring was full.
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
