package dev.jtrace.tracer.output;

/**
 * perf trace's line geometry: {@code %10.3f (%6.3f ms): comm/tid name(args)} then {@code = ret} so
 * that the {@code =} sits 70 columns after the start of the syscall name.
 */
public final class LineLayout {
  private LineLayout() {}

  /** Columns from the syscall name's first character to the {@code =}. */
  public static final int ARGS_ALIGNMENT = 70;

  /** Width {@code name(args)} is padded to before an interrupted line's {@code ...}. */
  public static final int INTERRUPTED_WIDTH = 66;

  /** perf prints at most this much of a comm. */
  public static final int COMM_WIDTH = 14;

  private static final String COLOR_RED = "\033[31m";
  private static final String COLOR_YELLOW = "\033[33m";
  private static final String COLOR_RESET = "\033[m";

  /**
   * Appends the head: timestamp (or {@code ?}), duration (blank when unknown), then who ran the
   * call ({@link #who}) when threads are shown.
   *
   * @param timeMs the timestamp already relative to the base, in ns; negative means unknown
   * @param durationNs negative means unknown
   * @param who {@code comm/tid } or {@code tid }, or null when threads are not shown
   */
  public static void appendHead(
      StringBuilder out,
      long timeNs,
      boolean timeKnown,
      long durationNs,
      boolean color,
      String who) {
    if (timeKnown) {
      Fixed3.appendMillis(out, timeNs, 10);
    } else {
      out.append("         ?");
    }
    out.append(" (");
    if (durationNs < 0) {
      out.append("         ");
    } else {
      String c = null;
      if (color) {
        c = durationNs >= 1_000_000 ? COLOR_RED : durationNs >= 10_000 ? COLOR_YELLOW : null;
      }
      if (c != null) {
        out.append(c);
      }
      Fixed3.appendMillis(out, durationNs, 6);
      if (c != null) {
        out.append(COLOR_RESET);
      }
      out.append(" ms");
    }
    out.append("): ");
    if (who != null) {
      out.append(who);
    }
  }

  /**
   * The head's {@code comm/tid } ({@code tid } when comm is null), perf's at most {@link
   * #COMM_WIDTH} characters of the comm.
   */
  public static String who(String comm, int tid) {
    StringBuilder b = new StringBuilder(COMM_WIDTH + 12);
    if (comm != null) {
      b.append(comm, 0, Math.min(comm.length(), COMM_WIDTH)).append('/');
    }
    return b.append(tid).append(' ').toString();
  }

  /**
   * Pads from nameStart so that the next {@code =} lands ARGS_ALIGNMENT columns later (at least 1
   * space).
   */
  public static void padToEquals(StringBuilder out, int nameStart) {
    int used = out.length() - nameStart;
    // repeat fills in one go; appending spaces one at a time was a line's largest single cost
    out.repeat(' ', Math.max(1, ARGS_ALIGNMENT - used)).append("= ");
  }

  /** Pads from nameStart to the interrupted width, then {@code ...}. */
  public static void padInterrupted(StringBuilder out, int nameStart) {
    int used = out.length() - nameStart;
    out.repeat(' ', Math.max(0, INTERRUPTED_WIDTH - used)).append(" ...");
  }
}
