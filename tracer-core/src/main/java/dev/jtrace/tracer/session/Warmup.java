package dev.jtrace.tracer.session;

import dev.jtrace.beauty.SyscallBeautifier;
import dev.jtrace.perf.abi.RecordLayout;
import dev.jtrace.perf.abi.RecordType;
import dev.jtrace.tracer.capture.ReorderBuffer;
import dev.jtrace.tracer.event.RingRecordDecoder;
import dev.jtrace.tracer.event.SyscallTracepoints;
import dev.jtrace.tracer.event.TraceRecord;
import dev.jtrace.tracer.perf.TracerAttr;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Runs the decode → order → print path over synthetic records before the events are enabled, so the
 * JIT has compiled it when the first real burst arrives (a cold JVM drains several MB interpreted
 * and the kernel overruns the ring).
 */
final class Warmup {
  private Warmup() {}

  private static final int ENTER_ID = 1;
  private static final int EXIT_ID = 2;

  /** Runs for about budgetMs, or until giveUp says the trace is already over. */
  static void run(SyscallBeautifier beautifier, long budgetMs, BooleanSupplier giveUp) {
    SyscallTracepoints tps = new SyscallTracepoints();
    tps.addRaw(ENTER_ID, EXIT_ID);
    List<TraceRecord> sink = new ArrayList<>();
    RingRecordDecoder decoder =
        new RingRecordDecoder(tps, -1, RingRecordDecoder.NewFdResolver.NONE, sink::add);
    MemorySegment seg = Arena.ofAuto().allocate(256, 8);
    TraceProcessor proc = TracePipeline.forWarmup(beautifier).processor();
    ReorderBuffer reorder = new ReorderBuffer();
    long deadline = System.nanoTime() + budgetMs * 1_000_000;
    long t = 1_000_000;
    try {
      for (int round = 0; System.nanoTime() < deadline && !giveUp.getAsBoolean(); round++) {
        for (int i = 0; i < 256; i++) {
          t += 1000;
          int nr = i & 63;
          sample(seg, ENTER_ID, 100 + (i & 3), t, nr, true);
          decoder.record(seg, 0, RecordType.SAMPLE, 0, 112);
          sample(seg, EXIT_ID, 100 + (i & 3), t + 500, nr, false);
          decoder.record(seg, 0, RecordType.SAMPLE, 0, 72);
        }
        for (TraceRecord r : sink) {
          reorder.add(r);
        }
        sink.clear();
        reorder.flushUpTo(
            t - 10_000,
            r -> {
              try {
                proc.process(r);
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            });
      }
    } catch (RuntimeException e) {
      // warm-up is best effort
    }
  }

  /** Writes a sample as the kernel would for the tracer's attr (the decoder's input). */
  private static void sample(MemorySegment s, int type, int tid, long time, int nr, boolean enter) {
    RecordLayout l = TracerAttr.LAYOUT;
    s.set(ValueLayout.JAVA_INT_UNALIGNED, l.samplePid(), tid);
    s.set(ValueLayout.JAVA_INT_UNALIGNED, l.sampleTid(), tid);
    s.set(ValueLayout.JAVA_LONG_UNALIGNED, l.sampleTime(), time);
    s.set(ValueLayout.JAVA_INT_UNALIGNED, l.sampleCpu(), 0);
    long raw = l.sampleRaw();
    s.set(ValueLayout.JAVA_SHORT_UNALIGNED, raw + SyscallTracepoints.RAW_COMMON_TYPE, (short) type);
    s.set(ValueLayout.JAVA_LONG_UNALIGNED, raw + SyscallTracepoints.RAW_NR, nr);
    for (int i = 0; i < 6; i++) {
      s.set(
          ValueLayout.JAVA_LONG_UNALIGNED,
          raw + SyscallTracepoints.RAW_ARGS + 8L * i,
          enter ? i * 4096L : -2);
    }
  }
}
