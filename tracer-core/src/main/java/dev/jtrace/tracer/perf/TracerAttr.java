package dev.jtrace.tracer.perf;

import dev.jtrace.perf.abi.AttrFlag;
import dev.jtrace.perf.abi.EventAttr;
import dev.jtrace.perf.abi.RecordLayout;
import dev.jtrace.perf.abi.SampleType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The attr every event of the tracer is opened with, and the record layout that follows from it.
 * Samples are {@code IDENTIFIER|TID|TIME|CPU|RAW}: header(8) id(8) pid/tid(8) time(8) cpu/res(8)
 * raw_size(4) raw, so raw tracepoint fields are 4-byte misaligned; other records end with the
 * 32-byte sample_id trailer.
 */
public final class TracerAttr {
  private TracerAttr() {}

  /** The sample fields the tracer's decoders read. */
  public static final long SAMPLE_TYPE =
      SampleType.IDENTIFIER | SampleType.TID | SampleType.TIME | SampleType.CPU | SampleType.RAW;

  /**
   * CLOCK_MONOTONIC: the clock of {@link System#nanoTime()}, so samples compare with the JVM's
   * clock.
   */
  public static final int CLOCK_MONOTONIC = 1;

  /** Where the fields of the tracer's records are. */
  public static final RecordLayout LAYOUT =
      RecordLayout.of(sampled(EventAttr.TYPE_TRACEPOINT, 0).build());

  /**
   * The sample fields of a tracepoint whose hit counts more than one (sched_stat_runtime adds its
   * runtime in ns): with PERIOD the kernel writes one sample carrying the count; without it, one
   * sample per unit counted, hundreds of copies of one hit until throttled.
   */
  public static final long COUNTED_SAMPLE_TYPE = SAMPLE_TYPE | SampleType.PERIOD;

  /** Where the fields of a {@link #COUNTED_SAMPLE_TYPE} sample are (the raw data after PERIOD). */
  public static final RecordLayout COUNTED_LAYOUT =
      RecordLayout.of(
          sampled(EventAttr.TYPE_TRACEPOINT, 0).sampleType(COUNTED_SAMPLE_TYPE).build());

  /**
   * Where the fields of a counted tracepoint's sample with its stack are (PERIOD, then the chain).
   */
  public static final RecordLayout COUNTED_CALLCHAIN_LAYOUT =
      RecordLayout.of(
          sampled(EventAttr.TYPE_TRACEPOINT, 0)
              .sampleType(COUNTED_SAMPLE_TYPE | SampleType.CALLCHAIN)
              .build());

  /**
   * The sample fields of a syscall exit with its stack: the callchain comes before the raw data
   * ({@link #CALLCHAIN_LAYOUT}), so its decoder tells such samples by their id.
   */
  public static final long CALLCHAIN_SAMPLE_TYPE = SAMPLE_TYPE | SampleType.CALLCHAIN;

  /** Where the fields of a sample with a callchain are (the raw data follows the chain). */
  public static final RecordLayout CALLCHAIN_LAYOUT =
      RecordLayout.of(
          sampled(EventAttr.TYPE_TRACEPOINT, 0).sampleType(CALLCHAIN_SAMPLE_TYPE).build());

  /**
   * The attr with a callchain of at most {@code frames} user frames (one more entry for the context
   * mark), and the kernel's frames too when {@code kernel}.
   */
  public static EventAttr.Builder withCallchain(
      EventAttr.Builder attr, int frames, boolean kernel) {
    return attr.sampleType(CALLCHAIN_SAMPLE_TYPE)
        .sampleMaxStack(Math.min(frames + (kernel ? 2 : 1), maxStackLimit()))
        .flags(!kernel, AttrFlag.EXCLUDE_CALLCHAIN_KERNEL);
  }

  /**
   * The attr of a sample with the user registers and {@code stackBytes} of the user stack for
   * unwinding in Java (--call-graph dwarf); the callchain stays in the layout (so the raw data is
   * where {@link #CALLCHAIN_LAYOUT} finds it) but holds only kernel frames, when {@code kernel}.
   */
  public static EventAttr.Builder withUserStack(
      EventAttr.Builder attr, int frames, boolean kernel, int stackBytes) {
    return attr.sampleType(DWARF_SAMPLE_TYPE)
        .sampleMaxStack(Math.min(frames + 2, maxStackLimit()))
        .sampleRegsUser(USER_REGS)
        .sampleStackUser(stackBytes)
        .flags(AttrFlag.EXCLUDE_CALLCHAIN_USER)
        .flags(!kernel, AttrFlag.EXCLUDE_CALLCHAIN_KERNEL);
  }

  /** The sample fields of a syscall exit with the user registers and stack (after the raw data). */
  public static final long DWARF_SAMPLE_TYPE =
      CALLCHAIN_SAMPLE_TYPE | SampleType.REGS_USER | SampleType.STACK_USER;

  /** The user registers sampled: the host architecture's unwinding set (x86_64: perf's). */
  public static final long USER_REGS =
      dev.jtrace.unwind.RegisterModel.host() == null
          ? 0
          : dev.jtrace.unwind.RegisterModel.host().sampleMask();

  /** Where the fields of a DWARF sample are: the registers and stack follow the raw data. */
  public static final RecordLayout DWARF_LAYOUT =
      RecordLayout.of(
          sampled(EventAttr.TYPE_TRACEPOINT, 0)
              .sampleType(DWARF_SAMPLE_TYPE)
              .sampleRegsUser(USER_REGS)
              .build());

  /**
   * kernel.perf_event_max_stack: a larger sample_max_stack is refused (EOVERFLOW). Read in one
   * read() of a buffer: a sysctl file read in small pieces ends after the first (Files.readString
   * on it gives "1" for 127).
   */
  private static int maxStackLimit() {
    try (InputStream in = Files.newInputStream(Path.of("/proc/sys/kernel/perf_event_max_stack"))) {
      byte[] buf = new byte[32];
      int n = in.read(buf);
      return n <= 0
          ? 127
          : Integer.parseInt(new String(buf, 0, n, StandardCharsets.US_ASCII).trim());
    } catch (IOException | NumberFormatException e) {
      return 127;
    }
  }

  /** A tracepoint sampled on every hit with the tracer's sample layout, disabled until enabled. */
  public static EventAttr.Builder tracepoint(long id) {
    return sampled(EventAttr.TYPE_TRACEPOINT, id);
  }

  /**
   * An event of any type with the tracer's sample layout, disabled until enabled. read() returns
   * {value, lost} (read_format LOST): the samples the kernel dropped for this event and its
   * inherited children, including drops not yet reported by a PERF_RECORD_LOST (Linux 6.0+).
   */
  public static EventAttr.Builder sampled(int type, long config) {
    return EventAttr.builder()
        .type(type)
        .config(config)
        .sampleType(SAMPLE_TYPE)
        .readFormat(SampleType.FORMAT_LOST)
        .flags(AttrFlag.DISABLED, AttrFlag.SAMPLE_ID_ALL)
        .clockid(CLOCK_MONOTONIC);
  }

  /** The software events of page faults (perf's {@code major-faults}, {@code minor-faults}). */
  public static final int PERF_COUNT_SW_PAGE_FAULTS_MIN = 5;

  public static final int PERF_COUNT_SW_PAGE_FAULTS_MAJ = 6;

  /**
   * A page fault's sample: who, when, where (IP) and what address (ADDR). The trailer of its other
   * records equals the tracer's, so it shares the rings; its samples are told by their id.
   */
  public static final long FAULT_SAMPLE_TYPE =
      SampleType.IDENTIFIER
          | SampleType.IP
          | SampleType.TID
          | SampleType.TIME
          | SampleType.ADDR
          | SampleType.CPU;

  /** Where the fields of a page fault's sample with its stack are (the chain last). */
  public static final RecordLayout FAULT_CALLCHAIN_LAYOUT =
      RecordLayout.of(
          pageFaults(PERF_COUNT_SW_PAGE_FAULTS_MAJ)
              .sampleType(FAULT_SAMPLE_TYPE | SampleType.CALLCHAIN)
              .build());

  /** Where the fields of a page fault's sample are. */
  public static final RecordLayout FAULT_LAYOUT =
      RecordLayout.of(pageFaults(PERF_COUNT_SW_PAGE_FAULTS_MAJ).build());

  /**
   * Every page fault of this kind ({@link #PERF_COUNT_SW_PAGE_FAULTS_MAJ} or {@link
   * #PERF_COUNT_SW_PAGE_FAULTS_MIN}) sampled with its IP and address, disabled until enabled.
   */
  public static EventAttr.Builder pageFaults(int config) {
    return sampled(EventAttr.TYPE_SOFTWARE, config).sampleType(FAULT_SAMPLE_TYPE);
  }
}
