package dev.jtrace.perfdata.read;

import dev.jtrace.perf.abi.EventAttr;
import dev.jtrace.perf.abi.RecordLayout;
import java.util.Arrays;
import java.util.List;

/**
 * The events and how to find a record's event: a sorted id index (no per-event map) and the record
 * layout of the first event, which says where a sample's id and the side-band records'
 * sample_id_all trailer are (perf requires the same layout of every event).
 */
final class EventTable {
  final List<PerfDataEvent> events;
  private final long[] ids;
  private final int[] owners;
  final RecordLayout layout;

  EventTable(List<PerfDataEvent> events) {
    this.events = events;
    int n = 0;
    for (PerfDataEvent e : events) n += e.ids().length;
    long[][] pairs = new long[n][];
    int k = 0;
    for (PerfDataEvent e : events) {
      for (long id : e.ids()) pairs[k++] = new long[] {id, e.index()};
    }
    Arrays.sort(pairs, (x, y) -> Long.compare(x[0], y[0]));
    ids = new long[n];
    owners = new int[n];
    for (int i = 0; i < n; i++) {
      ids[i] = pairs[i][0];
      owners[i] = (int) pairs[i][1];
    }
    layout = RecordLayout.of(events.isEmpty() ? EventAttr.builder().build() : events.get(0).attr());
  }

  /** The event of a sample id, or null. With one event, that event whatever the id. */
  PerfDataEvent forId(long id) {
    if (events.size() == 1) return events.get(0);
    int i = Arrays.binarySearch(ids, id);
    return i >= 0 ? events.get(owners[i]) : null;
  }
}
