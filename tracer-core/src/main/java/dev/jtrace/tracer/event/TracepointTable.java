package dev.jtrace.tracer.event;

import dev.jtrace.perfdata.tracing.TracepointFormat;
import java.util.Arrays;

/**
 * The non-syscall tracepoints a live capture opened, by the id in their records' {@code
 * common_type}: the decoder turns their samples into {@link TracepointSample}s.
 */
public final class TracepointTable {
  /** No tracepoints beside the syscalls. */
  public static final TracepointTable EMPTY = new TracepointTable();

  private int[] ids = new int[0];
  private TracepointFormat[] formats = new TracepointFormat[0];

  /** Adds a tracepoint of this format (its id is its common_type). */
  public void add(TracepointFormat format) {
    int n = ids.length;
    ids = Arrays.copyOf(ids, n + 1);
    formats = Arrays.copyOf(formats, n + 1);
    ids[n] = format.id();
    formats[n] = format;
  }

  /** The format of records with this common_type, or null. */
  public TracepointFormat format(int commonType) {
    for (int i = 0; i < ids.length; i++) {
      if (ids[i] == commonType) return formats[i];
    }
    return null;
  }

  public boolean isEmpty() {
    return ids.length == 0;
  }
}
