package dev.jtrace.tracer.event;

import dev.jtrace.perfdata.tracing.RawPayload;

/**
 * A sample of a tracepoint other than the syscall ones ({@code sched:sched_switch}, {@code
 * signal:signal_deliver}, …): who, when, the raw payload with its format, and the stack when one
 * was sampled (--call-graph; null: none).
 */
public record TracepointSample(
    long time, int cpu, int pid, int tid, RawPayload payload, long[] callchain)
    implements TraceRecord {

  public TracepointSample(long time, int cpu, int pid, int tid, RawPayload payload) {
    this(time, cpu, pid, tid, payload, null);
  }

  /** {@code system:name}. */
  public String name() {
    return payload.format().fullName();
  }
}
