package dev.jtrace.perfdata;

import static com.google.common.truth.Truth.assertThat;

import dev.jtrace.perf.abi.SampleType;
import dev.jtrace.perfdata.Fixtures.Collected;
import dev.jtrace.perfdata.read.CommRecord;
import dev.jtrace.perfdata.read.PerfDataEvent;
import dev.jtrace.perfdata.read.Sample;
import dev.jtrace.perfdata.tracing.RawPayload;
import java.nio.ByteOrder;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every fixture parses, with the record counts, events and arch perf reports for it. */
class FixtureReadTest {

  private static void assertRawSyscallsTrue(Collected c, boolean pipe) {
    assertThat(c.result.error()).isNull();
    assertThat(c.header.pipe()).isEqualTo(pipe);
    assertThat(c.header.order()).isEqualTo(ByteOrder.LITTLE_ENDIAN);
    assertThat(c.header.arch()).isEqualTo("x86_64");
    assertThat(c.header.events().stream().map(PerfDataEvent::name).toList())
        .containsExactly("raw_syscalls:sys_enter", "raw_syscalls:sys_exit");
    assertThat(c.result.count("SAMPLE")).isEqualTo(58);
    assertThat(c.result.count("COMM")).isEqualTo(2);
    assertThat(c.result.count("EXIT")).isEqualTo(1);
    assertThat(c.result.count("MMAP")).isEqualTo(1);
    assertThat(c.result.count("MMAP2")).isEqualTo(4);
    assertThat(c.result.count("FINISHED_ROUND")).isEqualTo(1);
    assertThat(c.result.count("ID_INDEX")).isEqualTo(1);
    assertThat(c.result.count("THREAD_MAP")).isEqualTo(1);
    assertThat(c.result.count("CPU_MAP")).isEqualTo(1);
    assertThat(c.result.count("FINISHED_INIT")).isEqualTo(1);
    assertThat(c.samplesOf("raw_syscalls:sys_enter")).isEqualTo(29);
    assertThat(c.samplesOf("raw_syscalls:sys_exit")).isEqualTo(29);
    // the first sample is the exit of the execve that started `true`: NR 59 = 0
    Sample first = c.samples.get(0);
    assertThat(first.event().name()).isEqualTo("raw_syscalls:sys_exit");
    RawPayload p = first.tracepoint();
    assertThat(p.number("id")).isEqualTo(59);
    assertThat(p.number("ret")).isEqualTo(0);
    assertThat(p.render()).isEqualTo("NR 59 = 0");
    // samples come in time order
    for (int i = 1; i < c.samples.size(); i++) {
      assertThat(c.samples.get(i).time()).isAtLeast(c.samples.get(i - 1).time());
    }
    assertThat(
            c.records.stream()
                .filter(r -> r instanceof CommRecord cr && cr.comm().equals("true"))
                .count())
        .isEqualTo(1);
  }

  @Test
  void perfRecordRawSyscalls() {
    Collected c = Fixtures.read(Fixtures.ours("raw_syscalls-true.data"));
    assertRawSyscallsTrue(c, false);
    assertThat(c.warnings).isEmpty();
    assertThat(c.header.tracingData().version()).isEqualTo("0.6");
    assertThat(c.header.tracingData().headerPage()).contains("commit");
    assertThat(c.header.tracingData().printk()).isNotEmpty();
    assertThat(c.header.cmdline()).contains("raw_syscalls:*");
    assertThat(c.header.nrCpusOnline()).isAtLeast(1);
    assertThat(c.header.firstSampleTime()).isEqualTo(c.samples.get(0).time());
    assertThat(c.header.lastSampleTime()).isEqualTo(c.samples.get(c.samples.size() - 1).time());
  }

  @Test
  void perfTraceRecord() {
    assertRawSyscallsTrue(Fixtures.read(Fixtures.ours("trace-record-true.data")), false);
  }

  @Test
  void pipeMode() {
    Collected c = Fixtures.read(Fixtures.ours("pipe-raw_syscalls-true.data"));
    assertRawSyscallsTrue(c, true);
    assertThat(c.result.count("ATTR")).isEqualTo(2);
    assertThat(c.result.count("TRACING_DATA")).isEqualTo(1);
    assertThat(c.result.count("FEATURE")).isEqualTo(19);
    assertThat(c.result.count("EVENT_UPDATE")).isEqualTo(2);
    assertThat(c.warnings).isEmpty();
  }

  @Test
  void compressedRecords() {
    Collected c = Fixtures.read(Fixtures.ours("zstd-raw_syscalls-true.data"));
    assertRawSyscallsTrue(c, false);
    assertThat(c.result.count("COMPRESSED")).isEqualTo(1);
  }

  @Test
  void futexTracepointWithIdentifier() {
    for (String name : List.of("futex-python.data", "pipe-futex-python.data")) {
      Collected c = Fixtures.read(Fixtures.ours(name));
      assertThat(c.result.error()).isNull();
      assertThat(c.result.count("SAMPLE")).isEqualTo(47);
      assertThat(c.result.count("COMM")).isEqualTo(40);
      assertThat(c.result.count("FORK")).isEqualTo(41);
      assertThat(c.result.count("EXIT")).isEqualTo(42);
      assertThat(c.result.count("MMAP2")).isEqualTo(187);
      assertThat(c.samplesOf("syscalls:sys_enter_futex")).isEqualTo(47);
      PerfDataEvent futex = c.header.events().get(0);
      assertThat(futex.format().eventFields().stream().map(f -> f.name()).toList())
          .containsExactly("__syscall_nr", "uaddr", "op", "val", "utime", "uaddr2", "val3")
          .inOrder();
      for (Sample s : c.samples) assertThat(s.tracepoint().number("__syscall_nr")).isEqualTo(202);
    }
  }

  @Test
  void systemWideMatchedByIdentifier() {
    Collected c = Fixtures.read(Fixtures.ours("futex-system.data"));
    assertThat(c.result.error()).isNull();
    // with perf's dummy side-band event next to it, samples are matched by PERF_SAMPLE_IDENTIFIER
    assertThat(c.header.events().stream().map(PerfDataEvent::name).toList())
        .containsExactly("syscalls:sys_enter_futex", "dummy:HG")
        .inOrder();
    assertThat(c.header.events().get(0).attr().sampleType() & SampleType.IDENTIFIER)
        .isNotEqualTo(0);
    assertThat(c.result.count("SAMPLE")).isEqualTo(456);
    assertThat(c.samplesOf("syscalls:sys_enter_futex")).isEqualTo(456);
    assertThat(c.result.count("COMM")).isEqualTo(107);
    assertThat(c.result.count("FORK")).isEqualTo(106);
    assertThat(c.result.count("MMAP2")).isEqualTo(185);
    assertThat(c.result.count("FINISHED_ROUND")).isEqualTo(2);
    for (int i = 1; i < c.samples.size(); i++) {
      assertThat(c.samples.get(i).time()).isAtLeast(c.samples.get(i - 1).time());
    }
  }

  // ---- foreign files: other arches, other writers ----

  @Test
  void perf40Aarch64() {
    Collected c = Fixtures.read(Fixtures.foreign("fib-aarch64.perf_data"));
    assertThat(c.result.error()).isNull();
    assertThat(c.header.arch()).isEqualTo("aarch64");
    assertThat(c.header.hostname()).isEqualTo("go-64.2gkeXvGi");
    assertThat(c.header.perfVersion()).isEqualTo("4.0.2");
    assertThat(c.header.events().stream().map(PerfDataEvent::name).toList())
        .containsExactly("cycles");
    assertThat(c.result.count("SAMPLE")).isEqualTo(871);
    assertThat(c.result.count("MMAP")).isEqualTo(15);
    assertThat(c.result.count("MMAP2")).isEqualTo(4);
    assertThat(c.result.count("COMM")).isEqualTo(1);
    assertThat(c.result.count("EXIT")).isEqualTo(1);
    assertThat(c.result.count("FINISHED_ROUND")).isEqualTo(1);
  }

  @Test
  void perf34Armv7AndI686() {
    Collected arm = Fixtures.read(Fixtures.foreign("perf.data.armv7-3.4"));
    assertThat(arm.result.error()).isNull();
    assertThat(arm.header.arch()).isEqualTo("armv7l");
    assertThat(arm.header.events().get(0).attr().size()).isEqualTo(80);
    assertThat(arm.result.count("SAMPLE")).isEqualTo(3893);
    assertThat(arm.result.count("MMAP")).isEqualTo(1454);
    assertThat(arm.result.count("COMM")).isEqualTo(200);
    assertThat(arm.result.count("EXIT")).isEqualTo(6);
    assertThat(arm.result.count("FORK")).isEqualTo(1);
    assertThat(
            List.of(
                arm.samplesOf("cycles"),
                arm.samplesOf("instructions"),
                arm.samplesOf("cache-references"),
                arm.samplesOf("cache-misses"),
                arm.samplesOf("branches"),
                arm.samplesOf("branch-misses")))
        .containsExactly(669L, 644L, 633L, 613L, 640L, 694L)
        .inOrder();

    Collected x86 = Fixtures.read(Fixtures.foreign("perf.data.i686-3.4"));
    assertThat(x86.result.error()).isNull();
    assertThat(x86.header.arch()).isEqualTo("i686");
    assertThat(x86.header.cpuId()).isEqualTo("GenuineIntel,6,28,10");
    assertThat(x86.result.count("SAMPLE")).isEqualTo(703);
    assertThat(x86.result.count("MMAP")).isEqualTo(1584);
    assertThat(x86.result.count("COMM")).isEqualTo(204);
    assertThat(x86.result.count("FORK")).isEqualTo(2);
    assertThat(
            List.of(
                x86.samplesOf("cycles"),
                x86.samplesOf("instructions"),
                x86.samplesOf("cache-references"),
                x86.samplesOf("cache-misses"),
                x86.samplesOf("branches"),
                x86.samplesOf("branch-misses")))
        .containsExactly(147L, 155L, 116L, 89L, 95L, 101L)
        .inOrder();
    assertThat(x86.header.events().get(0).ids()).asList().containsExactly(49L, 50L, 51L, 52L);
  }

  @Test
  void simpleperfTracingDataRecord() {
    Collected c = Fixtures.read(Fixtures.foreign("perf_with_tracepoint_event.data"));
    assertThat(c.result.error()).isNull();
    assertThat(c.header.arch()).isEqualTo("aarch64");
    assertThat(c.header.events().stream().map(PerfDataEvent::name).toList())
        .containsExactly("sched:sched_switch", "cpu-cycles")
        .inOrder();
    assertThat(c.result.count("TRACING_DATA")).isEqualTo(1);
    assertThat(c.result.count("SAMPLE")).isEqualTo(45);
    assertThat(c.result.count("MMAP")).isEqualTo(37);
    assertThat(c.result.count("THROTTLE")).isEqualTo(10);
    assertThat(c.result.count("UNTHROTTLE")).isEqualTo(9);
    assertThat(c.samplesOf("sched:sched_switch")).isEqualTo(31);
    assertThat(c.samplesOf("cpu-cycles")).isEqualTo(14);
    Sample sw =
        c.samples.stream()
            .filter(s -> s.event().name().equals("sched:sched_switch"))
            .findFirst()
            .get();
    assertThat(sw.tracepoint().render()).contains("prev_comm=");
  }

  @Test
  void simpleperfSplitTracingData() {
    Collected c = Fixtures.read(Fixtures.foreign("perf_with_big_trace_data.data"));
    assertThat(c.result.error()).isNull();
    assertThat(c.header.events()).hasSize(200);
    assertThat(c.header.tracingData().events()).hasSize(200);
    assertThat(c.result.count("SIMPLEPERF_SPLIT")).isEqualTo(3);
    assertThat(c.result.count("SIMPLEPERF_SPLIT_END")).isEqualTo(1);
    assertThat(c.result.count("SIMPLEPERF_TRACING_DATA")).isEqualTo(1);
    assertThat(c.result.count("MMAP")).isEqualTo(3003);
    assertThat(c.result.count("COMM")).isEqualTo(201);
    assertThat(c.result.count("SAMPLE")).isEqualTo(0);
    List<String> names = c.header.events().stream().map(PerfDataEvent::name).toList();
    assertThat(names).contains("binder:binder_transaction");
    assertThat(names).contains("block:block_rq_issue");
    assertThat(names.stream().filter(n -> n.startsWith("cfg80211:")).count()).isEqualTo(135);
  }

  @Test
  void simpleperfLongAttrEntriesAndRegs() {
    Collected c = Fixtures.read(Fixtures.foreign("perf_with_arm_regs.data"));
    assertThat(c.result.error()).isNull();
    assertThat(c.header.events().get(0).attr().size()).isEqualTo(120);
    assertThat(c.header.events().get(0).name()).isEqualTo("cpu-cycles");
    assertThat(c.result.count("MMAP2")).isEqualTo(70);
    assertThat(c.samples).hasSize(1);
    Sample s = c.samples.get(0);
    assertThat(s.callchain()).hasLength(12);
    assertThat(s.userRegsAbi()).isEqualTo(1);
    assertThat(s.userRegs()).hasLength(33);
    assertThat(s.userStackSize()).isEqualTo(0);
    assertThat(s.tid()).isEqualTo(23725);
  }
}
