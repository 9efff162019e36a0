package dev.jtrace.tracer.perf;

import static com.google.common.truth.Truth.assertThat;

import dev.jtrace.perfdata.tracing.TracepointFormat;
import org.junit.jupiter.api.Test;

/** This kernel's format files read through the same parser as perf.data's tracing data. */
class TracefsFormatTest {
  @Test
  void rawSysEnterHasTheIdAndSixArgumentsWhereTheDecoderReadsThem() throws Exception {
    long id = TracepointAssumptions.rootWith("raw_syscalls", "sys_enter");
    TracepointFormat f = Tracefs.locate().format("raw_syscalls", "sys_enter").orElseThrow();
    assertThat((long) f.id()).isEqualTo(id);
    assertThat(f.field("id").offset()).isEqualTo(8);
    assertThat(f.field("args").offset()).isEqualTo(16);
    assertThat(f.field("args").arrayLength()).isEqualTo(6);
    assertThat(Tracefs.locate().format("raw_syscalls", "no_such_event")).isEmpty();
  }
}
