package dev.jtrace.perf.abi;

import static com.google.common.truth.Truth.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/**
 * Offsets follow from the attr as the kernel lays records out; the codec writes what it reads back.
 */
class RecordLayoutTest {
  @Test
  void theTracersLayoutPutsRawDataAtFortyFour() {
    EventAttr a =
        EventAttr.tracepoint(1)
            .sampleType(
                SampleType.IDENTIFIER
                    | SampleType.TID
                    | SampleType.TIME
                    | SampleType.CPU
                    | SampleType.RAW)
            .flags(AttrFlag.SAMPLE_ID_ALL)
            .build();
    RecordLayout l = RecordLayout.of(a);
    assertThat(
            new int[] {
              l.sampleId(),
              l.samplePid(),
              l.sampleTid(),
              l.sampleTime(),
              l.sampleCpu(),
              l.sampleRawSize(),
              l.sampleRaw()
            })
        .isEqualTo(new int[] {8, 16, 20, 24, 32, 40, 44});
    // trailer: pid/tid, time, cpu/res, identifier
    assertThat(new int[] {l.trailerSize(), l.trailerTimeFromEnd(), l.trailerCpuFromEnd()})
        .isEqualTo(new int[] {32, 24, 16});
  }

  @Test
  void perfRecordsLayoutHasTheIdAfterTheTimeAndNoTrailerWithoutSampleIdAll() {
    long st =
        SampleType.IP
            | SampleType.TID
            | SampleType.TIME
            | SampleType.ID
            | SampleType.CPU
            | SampleType.PERIOD
            | SampleType.RAW;
    RecordLayout l = RecordLayout.of(EventAttr.tracepoint(1).sampleType(st).build());
    assertThat(
            new int[] {
              l.sampleId(), l.samplePid(), l.sampleTime(), l.sampleCpu(), l.sampleRawSize()
            })
        .isEqualTo(new int[] {32, 16, 24, 40, 56});
    assertThat(l.trailerSize()).isEqualTo(0);
    assertThat(l.trailerTimeFromEnd()).isEqualTo(RecordLayout.ABSENT);
  }

  @Test
  void fieldsAfterAVariableSizeOneHaveNoFixedOffset() {
    RecordLayout l =
        RecordLayout.of(
            EventAttr.tracepoint(1)
                .sampleType(SampleType.TIME | SampleType.CALLCHAIN | SampleType.RAW)
                .build());
    assertThat(l.sampleTime()).isEqualTo(8);
    assertThat(l.sampleRawSize()).isEqualTo(RecordLayout.ABSENT);
    assertThat(l.sampleRaw()).isEqualTo(RecordLayout.ABSENT);
  }

  @Test
  void theCodecReadsBackWhatItWroteInEitherByteOrder() {
    EventAttr a =
        EventAttr.tracepoint(0x1ba)
            .sampleType(SampleType.TID | SampleType.TIME)
            .readFormat(SampleType.FORMAT_LOST)
            .flags(AttrFlag.DISABLED, AttrFlag.SAMPLE_ID_ALL, AttrFlag.COMM_EXEC)
            .wakeupWatermark(4096)
            .clockid(1)
            .build();
    for (ByteOrder order : new ByteOrder[] {ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN}) {
      ByteBuffer b = ByteBuffer.allocate(EventAttr.SIZE_CURRENT).order(order);
      AttrCodec.write(b, a);
      assertThat(AttrCodec.read(b, 0, EventAttr.SIZE_CURRENT)).isEqualTo(a);
    }
    assertThat(a.flag(AttrFlag.WATERMARK)).isTrue();
    assertThat(a.flag(AttrFlag.USE_CLOCKID)).isTrue();
    assertThat(a.describe())
        .isEqualTo(
            "type: 2, size: 128, config: 0x1ba, { sample_period, sample_freq }: 1, sample_type:"
                + " TID|TIME, read_format: LOST, disabled: 1, watermark: 1, sample_id_all: 1,"
                + " comm_exec: 1, use_clockid: 1, { wakeup_events, wakeup_watermark }: 4096,"
                + " clockid: 1");
  }
}
