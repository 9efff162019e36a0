package dev.jtrace.tracer.event;

/** The kernel dropped {@code count} records on cpu because the ring was full. */
public record Lost(long time, int cpu, long count) implements TraceRecord {}
