package dev.jtrace.perfdata.script;

import dev.jtrace.perf.abi.EventAttr;
import dev.jtrace.perfdata.read.PerfDataEvent;
import dev.jtrace.perfdata.tracing.FieldFormat;
import java.util.stream.Collectors;

/** One {@code perf evlist} line per event, in its three forms. */
public final class EvlistFormatter {
  private EvlistFormatter() {}

  public static String line(PerfDataEvent e, boolean verbose, boolean traceFields) {
    if (traceFields) {
      if (e.attr().type() != EventAttr.TYPE_TRACEPOINT) return e.name() + " (not a tracepoint)";
      if (e.format() == null) return e.name() + ": trace_fields: (no format in the file)";
      return e.name()
          + ": trace_fields: "
          + e.format().eventFields().stream()
              .map(FieldFormat::name)
              .collect(Collectors.joining(","));
    }
    if (verbose) return e.name() + ": " + e.attr().describe();
    return e.name();
  }
}
