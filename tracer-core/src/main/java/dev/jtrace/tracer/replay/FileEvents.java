package dev.jtrace.tracer.replay;

import dev.jtrace.perfdata.tracing.TracepointFormat;
import dev.jtrace.perfdata.tracing.TracingData;
import dev.jtrace.tracer.select.EventSelection;
import java.util.List;

/** The tracepoints a perf.data's tracing data holds, for -e's tracepoint elements on replay. */
final class FileEvents implements EventSelection.Catalog {
  private final List<TracepointFormat> formats;

  FileEvents(TracingData data) {
    this.formats = data == null ? List.of() : data.events();
  }

  @Override
  public List<String> systems() {
    return formats.stream().map(TracepointFormat::system).distinct().sorted().toList();
  }

  @Override
  public List<String> events(String system) {
    return formats.stream()
        .filter(f -> f.system().equals(system))
        .map(TracepointFormat::name)
        .sorted()
        .toList();
  }

  boolean has(String system, String name) {
    return events(system).contains(name);
  }
}
