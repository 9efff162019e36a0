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

  /** The sample ids of the events opened for these tracepoints, sorted. */
  private long[] eventIds = new long[0];

  /** The sample ids of those events whose samples carry a callchain, sorted. */
  private long[] callchainIds = new long[0];

  /** One more event (a CPU's, a task's) of these tracepoints: its sample id. */
  public void addEvent(long id, boolean callchain) {
    eventIds = inserted(eventIds, id);
    if (callchain) {
      callchainIds = inserted(callchainIds, id);
    }
  }

  private static long[] inserted(long[] sorted, long id) {
    int at = Arrays.binarySearch(sorted, id);
    if (at >= 0) {
      return sorted;
    }
    int i = -at - 1;
    long[] grown = new long[sorted.length + 1];
    System.arraycopy(sorted, 0, grown, 0, i);
    grown[i] = id;
    System.arraycopy(sorted, i, grown, i + 1, sorted.length - i);
    return grown;
  }

  /** Whether a sample of this id is one of these tracepoints'. */
  public boolean hasEvent(long id) {
    return eventIds.length > 0 && Arrays.binarySearch(eventIds, id) >= 0;
  }

  /** Whether a sample of this id carries a callchain (before its raw data). */
  public boolean hasCallchain(long id) {
    return callchainIds.length > 0 && Arrays.binarySearch(callchainIds, id) >= 0;
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
