package dev.jtrace.perfdata.read;

import dev.jtrace.perfdata.tracing.TracingData;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;

/**
 * What a perf.data file says about itself: layout, events and the feature sections that were
 * decoded. Absent features are null (strings, tracing data) or -1 (numbers).
 *
 * @param archOffset where the HEADER_ARCH string is in the file or stream (-1 without one), for a
 *     message about an arch jtrace has no tables of
 */
public record PerfHeader(
    boolean pipe,
    ByteOrder order,
    long dataOffset,
    long dataSize,
    List<Integer> features,
    List<PerfDataEvent> events,
    String hostname,
    String osRelease,
    String perfVersion,
    String arch,
    long archOffset,
    int nrCpusOnline,
    int nrCpusAvailable,
    String cpuDesc,
    String cpuId,
    long totalMemKb,
    List<String> cmdline,
    long firstSampleTime,
    long lastSampleTime,
    TracingData tracingData,
    Map<String, String> simpleperfMetaInfo) {

  /** The event with this attr index. */
  public PerfDataEvent event(int index) {
    return events.get(index);
  }
}
