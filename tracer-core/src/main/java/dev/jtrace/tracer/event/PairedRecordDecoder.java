package dev.jtrace.tracer.event;

import dev.jtrace.beauty.content.ContentRenderer;
import dev.jtrace.tracer.bpf.BpfRing;
import dev.jtrace.tracer.bpf.ContentPlan;
import dev.jtrace.tracer.bpf.PairedLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Turns the paired capture's records (ring records and copies of in-flight ones, see {@link
 * PairedLayout}) into {@link PairedSyscall}s, and its loss marks into {@link Lost} calls. Records
 * of {@code ignoredPid} (jtrace itself) are dropped.
 */
public final class PairedRecordDecoder implements BpfRing.Sink {
  private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED;
  private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED;

  private final ContentPlan plan;
  private final ContentRenderer renderer;
  private final ContentRenderer compatRenderer;
  private final int ignoredPid;
  private final LongSupplier printedUpTo;
  private final Consumer<TraceRecord> out;

  /**
   * @param plan what the capture copied, per syscall number of each ABI
   * @param renderer decodes the copies of native calls (the arch and string limit)
   * @param compatRenderer decodes those of compat calls (the compat ABI's arch)
   * @param printedUpTo the time up to which records were already handed on in order: a call entered
   *     before it is ordered by its exit instead
   */
  public PairedRecordDecoder(
      ContentPlan plan,
      ContentRenderer renderer,
      ContentRenderer compatRenderer,
      int ignoredPid,
      LongSupplier printedUpTo,
      Consumer<TraceRecord> out) {
    this.plan = plan;
    this.renderer = renderer;
    this.compatRenderer = compatRenderer;
    this.ignoredPid = ignoredPid;
    this.printedUpTo = printedUpTo;
    this.out = out;
  }

  /**
   * Writes a loss mark (count calls lost, at time) as a record at off of dst; returns its length.
   */
  public static int writeLost(MemorySegment dst, long off, long time, long count) {
    dst.asSlice(off, PairedLayout.HEADER).fill((byte) 0);
    dst.set(INT, off + PairedLayout.END, PairedLayout.HEADER);
    dst.set(INT, off + PairedLayout.FLAGS, PairedLayout.LOST_CALLS);
    dst.set(LONG, off + PairedLayout.ENTER_TIME, time);
    dst.set(LONG, off + PairedLayout.RET, count);
    dst.set(INT, off + PairedLayout.CPU, -1);
    return PairedLayout.HEADER;
  }

  @Override
  public void record(MemorySegment s, long o, int length) {
    if (length >= PairedLayout.HEADER) {
      decode(s, o, length, late(s, o), out);
    }
  }

  /**
   * The time the record at o is ordered by, without decoding it, or {@link #DROPPED} for one
   * dropped (jtrace's own calls, or too short). {@link #late} says the rest of its place.
   */
  public long orderKey(MemorySegment s, long o, int length) {
    if (length < PairedLayout.HEADER) {
      return DROPPED;
    }
    int flags = s.get(INT, o + PairedLayout.FLAGS);
    long enter = s.get(LONG, o + PairedLayout.ENTER_TIME);
    if ((flags & PairedLayout.LOST_CALLS) != 0) {
      return enter;
    }
    if (s.get(INT, o + PairedLayout.PID) == ignoredPid) {
      return DROPPED;
    }
    boolean inFlight = s.get(INT, o + PairedLayout.STATE) == PairedLayout.IN_FLIGHT;
    boolean noEntry = !inFlight && (flags & PairedLayout.NO_ENTRY) != 0;
    return noEntry || (late(s, o) && !inFlight) ? s.get(LONG, o + PairedLayout.EXIT_TIME) : enter;
  }

  /**
   * The calls a copy of length bytes holds (ring records framed as {@link BpfRing} frames them),
   * without decoding them: each returned or unreturned call once (not the copies of calls in
   * flight, nor jtrace's own), and the count of each loss mark. What a chunk dropped after a stop
   * counts as lost.
   */
  public long callsIn(MemorySegment copy, long length) {
    long[] calls = {0};
    BpfRing.forEachRecord(
        copy,
        length,
        (s, o, size) -> {
          if (size < PairedLayout.HEADER) {
            return;
          }
          if ((s.get(INT, o + PairedLayout.FLAGS) & PairedLayout.LOST_CALLS) != 0) {
            calls[0] += s.get(LONG, o + PairedLayout.RET);
          } else if (s.get(INT, o + PairedLayout.PID) != ignoredPid
              && s.get(INT, o + PairedLayout.STATE) != PairedLayout.IN_FLIGHT) {
            calls[0]++;
          }
        });
    return calls[0];
  }

  /** {@link #orderKey}'s answer for a record that is not passed on. */
  public static final long DROPPED = Long.MIN_VALUE;

  /**
   * Whether the call at o was entered before what was already handed on in order (then it is
   * ordered by its exit): asked when the record is copied, not when it is decoded.
   */
  public boolean late(MemorySegment s, long o) {
    int flags = s.get(INT, o + PairedLayout.FLAGS);
    boolean noEntry =
        s.get(INT, o + PairedLayout.STATE) != PairedLayout.IN_FLIGHT
            && (flags & PairedLayout.NO_ENTRY) != 0;
    return !noEntry && s.get(LONG, o + PairedLayout.ENTER_TIME) <= printedUpTo.getAsLong();
  }

  /**
   * Decodes the record at o (of length bytes, at least a header) into what it holds, handed to to.
   *
   * @param late {@link #late}'s answer when the record was copied
   */
  public void decode(MemorySegment s, long o, int length, boolean late, Consumer<TraceRecord> to) {
    int flags = s.get(INT, o + PairedLayout.FLAGS);
    long enter = s.get(LONG, o + PairedLayout.ENTER_TIME);
    int cpu = s.get(INT, o + PairedLayout.CPU);
    if ((flags & PairedLayout.LOST_CALLS) != 0) {
      to.accept(new Lost(enter, cpu, s.get(LONG, o + PairedLayout.RET), true));
      return;
    }
    int pid = s.get(INT, o + PairedLayout.PID);
    if (pid == ignoredPid) {
      return;
    }
    long exit = s.get(LONG, o + PairedLayout.EXIT_TIME);
    PairedSyscall.Kind kind;
    if (s.get(INT, o + PairedLayout.STATE) == PairedLayout.IN_FLIGHT) {
      kind = PairedSyscall.Kind.IN_FLIGHT;
    } else if ((flags & PairedLayout.NO_ENTRY) != 0) {
      kind = PairedSyscall.Kind.NO_ENTRY;
    } else if ((flags & PairedLayout.NO_RETURN) != 0) {
      kind = PairedSyscall.Kind.NO_RETURN;
    } else {
      kind = PairedSyscall.Kind.COMPLETE;
    }
    long key =
        kind == PairedSyscall.Kind.NO_ENTRY || (late && kind != PairedSyscall.Kind.IN_FLIGHT)
            ? exit
            : enter;
    int nr = s.get(INT, o + PairedLayout.NR);
    long[] args = new long[6];
    for (int i = 0; i < 6; i++) {
      args[i] = s.get(LONG, o + PairedLayout.ARGS + 8L * i);
    }
    PairedContents contents = null;
    int end = Math.min(length, s.get(INT, o + PairedLayout.END));
    boolean compat = (flags & PairedLayout.COMPAT) != 0;
    if (end > PairedLayout.HEADER) {
      byte[] blocks = new byte[end - PairedLayout.HEADER];
      MemorySegment.copy(
          s, ValueLayout.JAVA_BYTE, o + PairedLayout.HEADER, blocks, 0, blocks.length);
      contents =
          new PairedContents(plan.specs(nr, compat), blocks, compat ? compatRenderer : renderer);
    }
    to.accept(
        new PairedSyscall(
            key,
            cpu,
            pid,
            s.get(INT, o + PairedLayout.TID),
            nr,
            args,
            s.get(LONG, o + PairedLayout.RET),
            kind == PairedSyscall.Kind.NO_ENTRY ? exit : enter,
            exit,
            kind,
            late,
            compat,
            contents,
            s.get(LONG, o + PairedLayout.CGROUP)));
  }
}
