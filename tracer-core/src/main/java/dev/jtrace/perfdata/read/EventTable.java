package dev.jtrace.perfdata.read;

import dev.jtrace.perfdata.AttrFlag;
import dev.jtrace.perfdata.SampleType;
import java.util.Arrays;
import java.util.List;

/**
 * The events and how to find a record's event: a sorted id index (no per-event map), the position of the
 * id in a sample, and the layout of the sample_id_all trailer of side-band records.
 */
final class EventTable {
  final List<PerfEvent> events;
  private final long[] ids;
  private final int[] owners;
  /** Index (in u64s after the header) of the id in a sample, or -1 when samples carry no id. */
  final int sampleIdPos;
  /** The sample_type of the sample_id_all trailer, or 0 when side-band records have no trailer. */
  final long trailerType;
  final int trailerSize;

  EventTable(List<PerfEvent> events) {
    this.events = events;
    int n = 0;
    for (PerfEvent e : events) n += e.ids().length;
    long[][] pairs = new long[n][];
    int k = 0;
    for (PerfEvent e : events) {
      for (long id : e.ids()) pairs[k++] = new long[] {id, e.index()};
    }
    Arrays.sort(pairs, (x, y) -> Long.compare(x[0], y[0]));
    ids = new long[n];
    owners = new int[n];
    for (int i = 0; i < n; i++) {
      ids[i] = pairs[i][0];
      owners[i] = (int) pairs[i][1];
    }
    long st = events.isEmpty() ? 0 : events.get(0).attr().sampleType();
    if ((st & SampleType.IDENTIFIER) != 0) {
      sampleIdPos = 0;
    } else if ((st & SampleType.ID) != 0) {
      sampleIdPos = Long.bitCount(st & (SampleType.IP | SampleType.TID | SampleType.TIME | SampleType.ADDR));
    } else {
      sampleIdPos = -1;
    }
    boolean idAll = !events.isEmpty() && events.get(0).attr().flag(AttrFlag.SAMPLE_ID_ALL);
    trailerType = idAll ? st & (SampleType.TID | SampleType.TIME | SampleType.ID | SampleType.STREAM_ID
        | SampleType.CPU | SampleType.IDENTIFIER) : 0;
    trailerSize = 8 * Long.bitCount(trailerType);
  }

  /** The event of a sample id, or null. With one event, that event whatever the id. */
  PerfEvent forId(long id) {
    if (events.size() == 1) return events.get(0);
    int i = Arrays.binarySearch(ids, id);
    return i >= 0 ? events.get(owners[i]) : null;
  }
}
