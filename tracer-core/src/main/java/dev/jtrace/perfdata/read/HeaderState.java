package dev.jtrace.perfdata.read;

import dev.jtrace.perf.abi.EventAttr;
import dev.jtrace.perfdata.tracing.TracingData;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the reader has learned about the file so far; turned into an immutable {@link PerfHeader}.
 */
final class HeaderState {
  boolean pipe;
  ByteOrder order = ByteOrder.LITTLE_ENDIAN;
  long dataOffset;
  long dataSize;

  /**
   * The header says data size 0: a recording that did not end, read to the end of the file, whose
   * last record may be cut short by the kill.
   */
  boolean unended;

  final List<Integer> features = new ArrayList<>();
  final List<EventAttr> attrs = new ArrayList<>();
  final List<long[]> attrIds = new ArrayList<>();

  /** EVENT_DESC entries: name and ids, in attr order. */
  final List<String> descNames = new ArrayList<>();

  final List<long[]> descIds = new ArrayList<>();

  /** Names from pipe-mode EVENT_UPDATE records, by sample id. */
  final Map<Long, String> updatedNames = new LinkedHashMap<>();

  String hostname;
  String osRelease;
  String perfVersion;
  String arch;
  long archOffset = -1;
  int nrCpusOnline = -1;
  int nrCpusAvailable = -1;
  String cpuDesc;
  String cpuId;
  long totalMemKb = -1;
  List<String> cmdline = List.of();
  long firstSampleTime = -1;
  long lastSampleTime = -1;
  TracingData tracingData;
  Map<String, String> metaInfo = new LinkedHashMap<>();

  PerfHeader build(List<PerfDataEvent> events) {
    return new PerfHeader(
        pipe,
        order,
        dataOffset,
        dataSize,
        List.copyOf(features),
        events,
        hostname,
        osRelease,
        perfVersion,
        arch,
        archOffset,
        nrCpusOnline,
        nrCpusAvailable,
        cpuDesc,
        cpuId,
        totalMemKb,
        cmdline,
        firstSampleTime,
        lastSampleTime,
        tracingData,
        Map.copyOf(metaInfo));
  }
}
