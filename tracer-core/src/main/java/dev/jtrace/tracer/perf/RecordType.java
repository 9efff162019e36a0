package dev.jtrace.tracer.perf;

/** perf_event_header.type values the tracer reads. */
public final class RecordType {
  private RecordType() {}

  public static final int LOST = 2;
  public static final int COMM = 3;
  public static final int EXIT = 4;
  public static final int FORK = 7;
  public static final int SAMPLE = 9;

  /** header.misc bit on a COMM record caused by exec. */
  public static final int MISC_COMM_EXEC = 1 << 13;
}
