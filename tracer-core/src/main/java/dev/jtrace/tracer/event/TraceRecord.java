package dev.jtrace.tracer.event;

/**
 * One decoded record from a perf ring, in the order-independent form every consumer uses (text,
 * JSON, summary, perf.data). Times are CLOCK_MONOTONIC nanoseconds.
 */
public sealed interface TraceRecord
    permits SyscallEnter,
        SyscallExit,
        SyscallString,
        CompatEntry,
        PairedSyscall,
        TaskComm,
        TaskFork,
        TaskExit,
        TaskMmap,
        TracepointSample,
        PageFault,
        BpfOutput,
        Lost {
  long time();

  int cpu();
}
