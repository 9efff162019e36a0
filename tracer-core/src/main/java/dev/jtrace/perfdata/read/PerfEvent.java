package dev.jtrace.perfdata.read;

import dev.jtrace.perfdata.EventAttr;
import dev.jtrace.perfdata.tracing.EventFormat;

/**
 * One event of a perf.data file: its attr, the sample ids that belong to it, its name (from EVENT_DESC,
 * the tracing data, simpleperf's META_INFO or perf's defaults) and, for a tracepoint, its format.
 */
public record PerfEvent(int index, EventAttr attr, long[] ids, String name, EventFormat format) {

  /** The ids as perf prints them: {@code 30, 31}. */
  public String idList() {
    StringBuilder sb = new StringBuilder();
    for (long id : ids) sb.append(sb.isEmpty() ? "" : ", ").append(Long.toUnsignedString(id));
    return sb.toString();
  }
}
