package dev.jtrace.tracer.event;

/**
 * The kernel saw a 32-bit compat call (int 0x80, sysenter or a 32-bit task's syscall on x86_64) at
 * sys_enter (see {@link dev.jtrace.tracer.bpf.CompatCheck}): the entry of {@code nr} that {@code
 * tid} makes next, which follows this record, is numbered and laid out by the compat ABI.
 */
public record CompatEntry(long time, int cpu, int pid, int tid, int nr) implements TraceRecord {}
