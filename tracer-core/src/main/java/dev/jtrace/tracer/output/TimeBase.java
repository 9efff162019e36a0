package dev.jtrace.tracer.output;

/**
 * Where printed timestamps count from: the first event (perf's default) or the clock's zero (-T).
 */
public final class TimeBase {
  private final boolean absolute;
  private long base = Long.MIN_VALUE;

  public TimeBase(boolean absolute) {
    this.absolute = absolute;
  }

  /** Notes an event time; the first one becomes the base. */
  public void observe(long time) {
    if (base == Long.MIN_VALUE) {
      base = time;
    }
  }

  /** time relative to the base, in ns. */
  public long relative(long time) {
    if (absolute || base == Long.MIN_VALUE) {
      return absolute ? time : 0;
    }
    return time - base;
  }
}
