package dev.jtrace.tracer.event;

import dev.jtrace.perfdata.tracing.RawPayload;

/**
 * A sample of a tracepoint other than the syscall ones ({@code sched:sched_switch}, {@code
 * signal:signal_deliver}, …): who, when, and the raw payload with its format.
 */
public record TracepointSample(long time, int cpu, int pid, int tid, RawPayload payload)
    implements TraceRecord {

  /** {@code system:name}. */
  public String name() {
    return payload.format().fullName();
  }
}
