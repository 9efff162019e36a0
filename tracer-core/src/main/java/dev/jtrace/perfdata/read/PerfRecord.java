package dev.jtrace.perfdata.read;

/**
 * One decoded data record. {@link #time} is the sample time (or the sample_id_all time of a
 * side-band record), -1 when the record has none; {@link #offset} is where the record starts in the
 * file or stream.
 */
public sealed interface PerfRecord
    permits Sample,
        CommRecord,
        TaskRecord,
        MmapRecord,
        PerfDataLost,
        LostSamplesRecord,
        IdIndexRecord,
        ThreadMapRecord,
        CpuMapRecord,
        TimeConvRecord,
        MarkerRecord,
        OtherRecord {
  long offset();

  long time();
}
