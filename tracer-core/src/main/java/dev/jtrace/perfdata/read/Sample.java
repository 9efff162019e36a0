package dev.jtrace.perfdata.read;

import dev.jtrace.perfdata.tracing.RawPayload;
import java.nio.ByteOrder;

/**
 * PERF_RECORD_SAMPLE, with every sample_type field decoded in the kernel's order. Fields the attr
 * did not ask for are 0 or null. The raw tracepoint payload is kept as bytes and decoded on demand
 * by {@link #tracepoint()}.
 */
public record Sample(
    long offset,
    PerfDataEvent event,
    long ip,
    int pid,
    int tid,
    long time,
    long addr,
    long id,
    long streamId,
    int cpu,
    long period,
    long[] readValues,
    long[] callchain,
    byte[] raw,
    ByteOrder rawOrder,
    long[] branchStack,
    long userRegsAbi,
    long[] userRegs,
    long userStackSize,
    byte[] userStack,
    long weight,
    long dataSrc,
    long transaction,
    long intrRegsAbi,
    long[] intrRegs,
    long physAddr,
    long auxSize,
    long cgroup,
    long dataPageSize,
    long codePageSize)
    implements PerfRecord {

  /**
   * The raw payload decoded with the event's format, or null when the sample has no raw data or
   * format.
   */
  public RawPayload tracepoint() {
    if (raw == null || event.format() == null) return null;
    return new RawPayload(event.format(), raw, rawOrder);
  }
}
