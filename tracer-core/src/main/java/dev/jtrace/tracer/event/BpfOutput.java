package dev.jtrace.tracer.event;

/**
 * What an eBPF object's program wrote with bpf_perf_event_output into one of its perf event arrays
 * ({@code __bpf_stdout__}): who, when, the map's name and the bytes as the kernel delivered them
 * (padded by the kernel to keep the ring 8-byte aligned, as perf shows them too), and the stack at
 * the output when the object was qualified with {@code /max-stack=N/} (else null).
 */
public record BpfOutput(
    long time, int cpu, int pid, int tid, String map, byte[] data, long[] callchain)
    implements TraceRecord {}
