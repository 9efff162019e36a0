package dev.jtrace.tracer.event;

import dev.jtrace.beauty.CapturedMemory;

/**
 * A syscall entry: number, its six argument registers, and the strings its pointer arguments
 * pointed to when they were captured in the kernel (null, or null entries, when not). args and
 * strings are owned by the record: never mutate them.
 */
public record SyscallEnter(
    long time, int cpu, int pid, int tid, int nr, long[] args, String[] strings)
    implements TraceRecord {

  public SyscallEnter(long time, int cpu, int pid, int tid, int nr, long[] args) {
    this(time, cpu, pid, tid, nr, args, null);
  }

  /** The same entry with its captured strings. */
  public SyscallEnter withStrings(String[] captured) {
    return new SyscallEnter(time, cpu, pid, tid, nr, args, captured);
  }

  /** The captured strings as the beautifiers read them. */
  public CapturedMemory memory() {
    String[] s = strings;
    return s == null ? CapturedMemory.NONE : i -> i < s.length ? s[i] : null;
  }
}
