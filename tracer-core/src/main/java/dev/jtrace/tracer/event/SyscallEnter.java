package dev.jtrace.tracer.event;

import dev.jtrace.beauty.CapturedMemory;

/**
 * A syscall entry: number, its six argument registers, and the strings its pointer arguments
 * pointed to when they were captured in the kernel (null, or null entries, when not). args and
 * strings are owned by the record: never mutate them.
 *
 * @param lostStrings a bit per argument whose string was captured but its record lost
 * @param compat a 32-bit compat call: nr and args are the compat ABI's ({@link CompatAbi})
 * @param contents the memory the paired capture copied for the call, or null
 * @param cgroup the task's cgroup v2 id at the call, as the paired capture read it (0: unknown)
 */
public record SyscallEnter(
    long time,
    int cpu,
    int pid,
    int tid,
    int nr,
    long[] args,
    String[] strings,
    int lostStrings,
    boolean compat,
    PairedContents contents,
    long cgroup)
    implements TraceRecord {

  public SyscallEnter(long time, int cpu, int pid, int tid, int nr, long[] args) {
    this(time, cpu, pid, tid, nr, args, null, 0, false, null, 0);
  }

  public SyscallEnter(
      long time,
      int cpu,
      int pid,
      int tid,
      int nr,
      long[] args,
      String[] strings,
      int lostStrings) {
    this(time, cpu, pid, tid, nr, args, strings, lostStrings, false, null, 0);
  }

  /** The same entry with its captured strings, and the bits of the arguments whose string lost. */
  public SyscallEnter withStrings(String[] captured, int lost) {
    return new SyscallEnter(
        time, cpu, pid, tid, nr, args, captured, lost, compat, contents, cgroup);
  }

  /**
   * The same entry with the memory the paired capture copied for it (a recording's copy, joined to
   * its tracepoint sample), a compat call when the copy says so, in the copy's cgroup.
   */
  public SyscallEnter withContents(PairedContents copied, boolean isCompat, long cgroupId) {
    return new SyscallEnter(
        time, cpu, pid, tid, nr, args, strings, lostStrings, compat || isCompat, copied, cgroupId);
  }

  /** The same entry, known to be a compat call. */
  public SyscallEnter asCompat() {
    return new SyscallEnter(
        time, cpu, pid, tid, nr, args, strings, lostStrings, true, contents, cgroup);
  }

  /** The captured strings as the beautifiers read them. */
  public CapturedMemory memory() {
    if (contents != null) {
      return contents;
    }
    String[] s = strings;
    int lost = lostStrings;
    if (lost == 0) {
      return s == null ? CapturedMemory.NONE : i -> i < s.length ? s[i] : null;
    }
    return new CapturedMemory() {
      @Override
      public String string(int argIndex) {
        return s != null && argIndex < s.length ? s[argIndex] : null;
      }

      @Override
      public boolean lost(int argIndex) {
        return (lost & (1 << argIndex)) != 0;
      }
    };
  }

  /** The captured path of argument i (the fd table names new fds by it), or null. */
  public String string(int argIndex) {
    if (contents != null) {
      return contents.string(argIndex);
    }
    return strings == null || argIndex >= strings.length ? null : strings[argIndex];
  }
}
