package dev.jtrace.record;

import dev.jtrace.beauty.Arch;
import dev.jtrace.beauty.SyscallBeautifier;
import dev.jtrace.beauty.content.ContentSpec;
import dev.jtrace.perf.abi.EventAttr;
import dev.jtrace.perfdata.tracing.RecordedFormats;
import dev.jtrace.perfdata.write.PerfDataWriter;
import dev.jtrace.tracer.bpf.BpfRing;
import dev.jtrace.tracer.bpf.CompatCheck;
import dev.jtrace.tracer.bpf.ContentPlan;
import dev.jtrace.tracer.bpf.PairedCapture;
import dev.jtrace.tracer.bpf.PairedLayout;
import dev.jtrace.tracer.btf.BtfException;
import dev.jtrace.tracer.event.CompatAbi;
import dev.jtrace.tracer.perf.PerfException;
import dev.jtrace.tracer.perf.Tracefs;
import dev.jtrace.tracer.perf.TracerAttr;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntPredicate;

/**
 * The memory a recording's calls point at (buffers, structs, strings, what the kernel wrote back),
 * copied in the kernel by the paired capture beside the recorded tracepoints and written as one
 * {@link RecordedFormats#PAIRED_NAME} sample per call, stamped with the call's return: the
 * tracepoint samples stay what perf reads, and {@code jtrace -i} joins each call's copy to them.
 *
 * <p>Only calls that have something to copy make a record. The sample's payload is {@link
 * RecordedFormats#PAIRED_PREFIX} bytes and the record as the capture wrote it ({@link
 * PairedLayout}), so the file holds exactly what a live trace decodes.
 */
public final class ContentRecording implements AutoCloseable {
  /**
   * The id of the paired event's samples: not a kernel event's (those count up from 1 on a boot),
   * so no sample is taken for another event's.
   */
  static final long SAMPLE_ID = 0x6a74726163650001L;

  private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED;
  private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED;

  private final PairedCapture capture;
  private final MemorySegment copy;
  private int event = -1;
  private PerfDataWriter writer;
  private long written;

  private ContentRecording(PairedCapture capture) {
    this.capture = capture;
    long bytes = Math.max(capture.ring().dataBytes(), 2L * capture.recordSize());
    this.copy = Arena.ofAuto().allocate(bytes, 8);
  }

  /**
   * The plan a recording of these syscall numbers copies by, and the one a replay of the file
   * decodes by: the generated contents of the calls that have any (compat calls' by their own ABI
   * on a 64-bit arch with a 32-bit one).
   */
  public static ContentPlan plan(
      SyscallBeautifier beautifier, IntPredicate recorded, int stringLimit) {
    Map<Integer, List<ContentSpec>> specs = ContentPlan.generated(beautifier, recorded);
    CompatAbi abi = CompatAbi.of(beautifier);
    Map<Integer, List<ContentSpec>> compat =
        abi.arch() == beautifier.arch()
            ? Map.of()
            : ContentPlan.generated(
                abi.beautifier(true), nr -> recorded.test(abi.nativeNumber(nr)));
    // the capture picks calls by their number as the tracepoint has it, of either ABI: a compat
    // call with contents is captured (and so marked compat) even where its number's native call
    // has none (i386 mkdir is 39, x86_64's getpid); such native calls make a record of no copies
    ContentPlan plan =
        new ContentPlan(nr -> specs.containsKey(nr) || compat.containsKey(nr), specs, stringLimit);
    return compat.isEmpty() ? plan : plan.withCompat(compat);
  }

  /**
   * Loads the capture for the recorded syscall numbers and tasks (nothing runs until {@link
   * #start}).
   *
   * @param tasks -1 alone: every task but the excluded; else the tasks to trace
   * @param fromExec the one task is a command started stopped: traced from its exec on
   */
  static ContentRecording open(
      Tracefs tracefs,
      IntPredicate recorded,
      RecordOptions options,
      List<Integer> cpus,
      List<Integer> tasks,
      Set<Integer> excluded,
      boolean fromExec,
      boolean followForks)
      throws PerfException {
    Arch arch = Arch.host();
    SyscallBeautifier beautifier = SyscallBeautifier.forArch(arch);
    int compatOffset = -1;
    try {
      compatOffset = CompatCheck.forHost(arch).statusOffset();
    } catch (IOException | BtfException | RuntimeException e) {
      // no BTF: compat calls are recorded as native ones, as the tracepoints have them
    }
    ContentPlan plan = plan(beautifier, recorded, options.stringLimit());
    boolean systemWide = tasks.equals(List.of(-1));
    long ringBytes = 2L * options.ringPages() * 4096L * cpus.size();
    PairedCapture capture =
        PairedCapture.open(
            tracefs,
            plan,
            new PairedCapture.Settings(
                arch, systemWide, followForks, ringBytes, cpus.getFirst(), compatOffset));
    try {
      if (systemWide) {
        for (int tid : excluded) capture.exclude(tid);
      } else if (fromExec) {
        capture.traceFromExec(tasks.getFirst());
      } else {
        for (int tid : tasks) capture.trace(tid);
      }
      return new ContentRecording(capture);
    } catch (PerfException | RuntimeException e) {
      capture.close();
      throw e;
    }
  }

  /** The event the samples are written as, to list among the file's events. */
  PerfDataWriter.Event event() {
    EventAttr attr = TracerAttr.tracepoint(RecordedFormats.PAIRED_ID).build();
    return new PerfDataWriter.Event(attr, RecordedFormats.PAIRED_NAME, new long[] {SAMPLE_ID});
  }

  /** Starts copying, into the writer's event at index {@code event}. */
  void start(PerfDataWriter writer, int event) throws PerfException {
    this.writer = writer;
    this.event = event;
    capture.start();
  }

  /** Writes what the ring holds; returns whether anything was written. */
  boolean drain() throws IOException {
    long n = capture.ring().copyAvailable(copy);
    if (n == 0) return false;
    long before = written;
    try {
      BpfRing.forEachRecord(copy, n, (s, o, length) -> write(s, o, length, -1));
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    return written > before;
  }

  /**
   * Stops the capture and writes what is left: the ring's records, then the calls still in flight
   * (their entry's copies), stamped {@code now}. Returns the calls whose records the ring had no
   * room for.
   */
  long finish(long now) throws IOException, PerfException {
    capture.stop();
    drain();
    boolean resume = false;
    do {
      long n = capture.copyInFlight(copy, resume);
      try {
        BpfRing.forEachRecord(copy, n, (s, o, length) -> write(s, o, length, now));
      } catch (UncheckedIOException e) {
        throw e.getCause();
      }
      resume = true;
    } while (capture.inFlightLeft());
    return capture.lostCalls();
  }

  private void write(MemorySegment s, long o, int length, long time) {
    if (length < PairedLayout.HEADER) return;
    int end = Math.min(length, s.get(INT, o + PairedLayout.END));
    if (end < PairedLayout.HEADER) return;
    long stamp = time;
    if (stamp < 0) {
      // ordered by its return (where perf's tracepoint sample of it is), or its entry when the
      // task ended inside it
      stamp =
          Math.max(
              s.get(LONG, o + PairedLayout.EXIT_TIME), s.get(LONG, o + PairedLayout.ENTER_TIME));
    }
    long head = RecordedFormats.PAIRED_ID | ((long) end << 32);
    try {
      writer.sample(
          event,
          s.get(INT, o + PairedLayout.PID),
          s.get(INT, o + PairedLayout.TID),
          stamp,
          s.get(INT, o + PairedLayout.CPU),
          head,
          s,
          o,
          end);
      written++;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    capture.close();
  }
}
