package dev.jtrace.tracer.output;

/**
 * How text lines look and which are printed.
 *
 * @param showThread print {@code comm/tid} (more than one thread can appear)
 * @param showComm print the comm part of {@code comm/tid}
 * @param absoluteTime -T: timestamps are the clock's, not relative to the first event
 * @param minDurationNs --duration: only calls at least this long (0: all)
 * @param failureOnly --failure: only failed calls
 * @param color colour long durations (a terminal)
 */
public record TextOptions(
    boolean showThread,
    boolean showComm,
    boolean absoluteTime,
    long minDurationNs,
    boolean failureOnly,
    boolean color) {

  /** Whether only complete calls are printed (no interrupted/continued pairs). */
  public boolean filtering() {
    return minDurationNs > 0 || failureOnly;
  }

  /** Whether a completed call passes --duration and --failure. */
  public boolean accepts(dev.jtrace.tracer.event.SyscallEvent e) {
    if (failureOnly && !e.failed()) {
      return false;
    }
    return minDurationNs <= 0 || e.durationNs() >= minDurationNs;
  }
}
