package dev.jtrace.perfdata.read;

import dev.jtrace.perf.abi.EventAttr;
import dev.jtrace.perfdata.tracing.TracepointFormat;

/**
 * One event of a perf.data file: its attr, the sample ids that belong to it, its name (from
 * EVENT_DESC, the tracing data, simpleperf's META_INFO or perf's defaults) and, for a tracepoint,
 * its format.
 */
public record PerfDataEvent(
    int index, EventAttr attr, long[] ids, String name, TracepointFormat format) {}
