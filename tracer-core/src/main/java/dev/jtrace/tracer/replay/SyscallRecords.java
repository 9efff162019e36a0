package dev.jtrace.tracer.replay;

import dev.jtrace.perfdata.read.CommRecord;
import dev.jtrace.perfdata.read.PerfDataLost;
import dev.jtrace.perfdata.read.PerfRecord;
import dev.jtrace.perfdata.read.Sample;
import dev.jtrace.perfdata.read.TaskRecord;
import dev.jtrace.perfdata.tracing.RawPayload;
import dev.jtrace.perfdata.tracing.RecordedFormats;
import dev.jtrace.perfdata.tracing.SyscallPayload;
import dev.jtrace.tracer.bpf.PairedLayout;
import dev.jtrace.tracer.bpf.StringCapture;
import dev.jtrace.tracer.event.Lost;
import dev.jtrace.tracer.event.PairedRecordDecoder;
import dev.jtrace.tracer.event.SyscallEnter;
import dev.jtrace.tracer.event.SyscallExit;
import dev.jtrace.tracer.event.SyscallString;
import dev.jtrace.tracer.event.TaskComm;
import dev.jtrace.tracer.event.TaskExit;
import dev.jtrace.tracer.event.TaskFork;
import dev.jtrace.tracer.event.TraceRecord;
import dev.jtrace.tracer.event.TracepointSample;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Turns perf.data records into the tracer's event model: raw_syscalls and
 * syscalls:sys_{enter,exit}_* samples become syscall entries and returns; COMM, FORK, EXIT and LOST
 * become task and loss records. Other samples give null. Records without a time take the last time
 * seen. A syscall sample whose payload is too short for its format (a damaged file) gives null too,
 * and is counted.
 */
final class SyscallRecords {
  private long lastTime;

  /** A sample's callchain (its user frames unwound when it carries regs and a stack). */
  private final java.util.function.Function<Sample, long[]> callchains;

  SyscallRecords(java.util.function.Function<Sample, long[]> callchains) {
    this.callchains = callchains;
  }

  SyscallRecords() {
    this(Sample::callchain);
  }

  /** Syscall samples left out because their payload is shorter than their format. */
  long shortSamples;

  /** Where the first of them is. */
  long firstShortSample = -1;

  TraceRecord convert(PerfRecord r) {
    long time = r.time() >= 0 ? r.time() : lastTime;
    lastTime = time;
    return switch (r) {
      case Sample s -> syscall(s, time);
      case CommRecord c -> new TaskComm(time, -1, c.pid(), c.tid(), c.comm(), c.exec());
      case TaskRecord t ->
          t.fork()
              ? new TaskFork(time, -1, t.pid(), t.ppid(), t.tid(), t.ptid())
              : new TaskExit(time, -1, t.pid(), t.ppid(), t.tid(), t.ptid());
      case PerfDataLost l -> new Lost(time, -1, l.lost());
      default -> null;
    };
  }

  /** PERF_SAMPLE_REGS_ABI_32: the sample's user registers are a 32-bit task's. */
  static final long REGS_ABI_32 = 1;

  /**
   * Whether an entry whose user registers are 32-bit is a compat call (the file's arch has one).
   */
  private boolean compatByAbi;

  /** Marks the entries sampled with 32-bit user registers compat calls. */
  void compatByAbi() {
    compatByAbi = true;
  }

  /** Decodes jtrace record's copies of the calls' memory, or null: the file has none. */
  private PairedRecordDecoder paired;

  private TraceRecord decoded;

  /** Decodes the file's {@link RecordedFormats#PAIRED_NAME} samples with this. */
  void pairedRecords(PairedRecordDecoder decoder) {
    paired = decoder;
  }

  private TraceRecord syscall(Sample s, long time) {
    if (s.raw() != null && paired != null && RecordedFormats.PAIRED_NAME.equals(s.event().name())) {
      // a call's copies, made at its return: joined to its samples by RecordedContents
      byte[] raw = s.raw();
      if (raw.length < RecordedFormats.PAIRED_PREFIX + PairedLayout.HEADER) return null;
      MemorySegment m = MemorySegment.ofArray(raw);
      int length =
          Math.min(
              raw.length - RecordedFormats.PAIRED_PREFIX, m.get(ValueLayout.JAVA_INT_UNALIGNED, 4));
      if (length < PairedLayout.HEADER) return null;
      decoded = null;
      paired.decode(m, RecordedFormats.PAIRED_PREFIX, length, false, r -> decoded = r);
      return decoded;
    }
    if (s.raw() != null && StringCapture.RECORDED_NAME.equals(s.event().name())) {
      // a string jtrace record copied at a call's entry: paired with the entry that follows
      StringCapture.CapturedString c =
          StringCapture.decode(MemorySegment.ofArray(s.raw()), 0, s.raw().length);
      return c == null
          ? null
          : new SyscallString(
              time, s.cpu(), s.pid(), s.tid(), c.syscall(), c.argIndex(), c.pointer(), c.value());
    }
    RawPayload p = s.tracepoint();
    SyscallPayload c = p == null ? null : SyscallPayload.decode(p);
    if (c == null) {
      if (p != null && p.format().syscall() == null)
        return new TracepointSample(time, s.cpu(), s.pid(), s.tid(), p, s.callchain());
      if (p != null && SyscallPayload.truncated(p) && shortSamples++ == 0)
        firstShortSample = s.offset();
      return null;
    }
    if (c.enter()) {
      SyscallEnter e =
          new SyscallEnter(time, s.cpu(), s.pid(), s.tid(), c.nr(), c.args(), c.strings(), 0);
      // the number alone cannot tell an ia32 call (i386's getpid is 20, x86_64's writev): the
      // ABI of the user registers sampled with it can, for a 32-bit task's calls
      return compatByAbi && s.userRegsAbi() == REGS_ABI_32 ? e.asCompat() : e;
    }
    return new SyscallExit(
        time, s.cpu(), s.pid(), s.tid(), c.nr(), c.ret(), null, callchains.apply(s));
  }
}
