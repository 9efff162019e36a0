package dev.jtrace.perfdata.tracing;

import java.nio.ByteOrder;
import java.util.List;

/**
 * The tracing data of a perf.data file (feature TRACING_DATA, or a record in pipe mode): everything
 * perf copied from tracefs at record time, parsed. Events are looked up by the id perf stores in
 * the attr config.
 */
public record TracingData(
    String version,
    ByteOrder order,
    int longSize,
    int pageSize,
    String headerPage,
    String headerEvent,
    List<TracepointFormat> ftraceFormats,
    List<TracepointFormat> events,
    String kallsyms,
    String printk,
    String savedCmdlines) {

  /** The event with this id (ftrace events included), or null. */
  public TracepointFormat byId(long id) {
    if (id < 0 || id > Integer.MAX_VALUE) return null; // a format whose ID was damaged has -1
    for (TracepointFormat e : events) {
      if (e.id() == id) return e;
    }
    for (TracepointFormat e : ftraceFormats) {
      if (e.id() == id) return e;
    }
    return null;
  }

  /** The event {@code system:name}, or null. */
  public TracepointFormat byName(String system, String name) {
    for (TracepointFormat e : events) {
      if (e.system().equals(system) && e.name().equals(name)) return e;
    }
    return null;
  }
}
