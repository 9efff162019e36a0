package dev.jtrace.tracer.event;

/**
 * A string argument of a syscall, copied in the kernel at its entry (see {@link
 * dev.jtrace.tracer.bpf.StringCapture}); it precedes the entry it belongs to.
 *
 * @param argIndex which argument (0–5) pointed to it
 * @param pointer that argument's value: a string belongs to the entry whose argument it equals
 * @param value the string, or null when the kernel could not read it (memory not resident)
 */
public record SyscallString(
    long time, int cpu, int pid, int tid, int nr, int argIndex, long pointer, String value)
    implements TraceRecord {}
