package dev.jtrace.tracer.output;

/**
 * How text lines look and which are printed; built with {@link #builder()}.
 *
 * @param showThread print {@code comm/tid} (more than one thread can appear)
 * @param showComm print the comm part of {@code comm/tid}
 * @param absoluteTime -T: timestamps are the clock's, not relative to the first event
 * @param minDurationNs --duration: only calls at least this long (0: all)
 * @param failureOnly --failure: only failed calls
 * @param color colour long durations (a terminal)
 * @param successfulOnly -z: only calls that returned without an error (strace's meaning)
 */
public record TextOptions(
    boolean showThread,
    boolean showComm,
    boolean absoluteTime,
    long minDurationNs,
    boolean failureOnly,
    boolean color,
    boolean successfulOnly) {

  /** Whether only complete calls are printed (no interrupted/continued pairs). */
  public boolean filtering() {
    return minDurationNs > 0 || failureOnly || successfulOnly;
  }

  /** Whether a completed call passes --duration and --failure. */
  public boolean accepts(dev.jtrace.tracer.event.SyscallEvent e) {
    if (failureOnly && !e.failed()) {
      return false;
    }
    if (successfulOnly && e.failed()) {
      return false;
    }
    return minDurationNs <= 0 || e.durationNs() >= minDurationNs;
  }

  /** Starts from: comm/tid shown, relative time, every call, no colour. */
  public static Builder builder() {
    return new Builder();
  }

  /** Names each choice, so call sites need no row of bare booleans. */
  public static final class Builder {
    private boolean showThread = true;
    private boolean showComm = true;
    private boolean absoluteTime;
    private long minDurationNs;
    private boolean failureOnly;
    private boolean color;
    private boolean successfulOnly;

    private Builder() {}

    public Builder successfulOnly(boolean v) {
      successfulOnly = v;
      return this;
    }

    public Builder showThread(boolean v) {
      showThread = v;
      return this;
    }

    public Builder showComm(boolean v) {
      showComm = v;
      return this;
    }

    public Builder absoluteTime(boolean v) {
      absoluteTime = v;
      return this;
    }

    public Builder minDurationNs(long v) {
      minDurationNs = v;
      return this;
    }

    public Builder failureOnly(boolean v) {
      failureOnly = v;
      return this;
    }

    public Builder color(boolean v) {
      color = v;
      return this;
    }

    public TextOptions build() {
      return new TextOptions(
          showThread, showComm, absoluteTime, minDurationNs, failureOnly, color, successfulOnly);
    }
  }
}
