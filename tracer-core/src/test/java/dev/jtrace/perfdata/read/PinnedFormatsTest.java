package dev.jtrace.perfdata.read;

import static com.google.common.truth.Truth.assertThat;

import dev.jtrace.perf.abi.EventAttr;
import dev.jtrace.perfdata.tracing.FieldFormat;
import dev.jtrace.perfdata.tracing.TracepointFormat;
import dev.jtrace.perfdata.tracing.TracingData;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The pinned snapshot's syscall formats, the last resort for a file without tracing data on a host
 * without tracefs: made into format texts that parse as tracefs's do.
 */
class PinnedFormatsTest {
  @Test
  void rawSyscallsAreFoundByThePinnedIds() {
    TracingData td =
        PinnedFormats.of(
            List.of(EventAttr.tracepoint(443).build(), EventAttr.tracepoint(442).build()),
            Set.of(),
            ByteOrder.LITTLE_ENDIAN);
    assertThat(td).isNotNull();
    TracepointFormat enter = td.byId(443);
    assertThat(enter.fullName()).isEqualTo("raw_syscalls:sys_enter");
    assertThat(enter.syscall().problem()).isNull();
    assertThat(enter.syscall().args()).hasLength(6);
    FieldFormat id = enter.field("id");
    assertThat(id.offset()).isEqualTo(8);
    assertThat(id.common()).isFalse();
    assertThat(enter.field("common_pid").common()).isTrue();
    assertThat(td.byId(442).fullName()).isEqualTo("raw_syscalls:sys_exit");
  }

  @Test
  void namedSyscallEventsAreFoundByName() {
    TracingData td =
        PinnedFormats.of(
            List.of(EventAttr.tracepoint(99_999).build()),
            Set.of("syscalls:sys_enter_openat", "syscalls:no_such_event"),
            ByteOrder.LITTLE_ENDIAN);
    TracepointFormat openat = td.byName("syscalls", "sys_enter_openat");
    assertThat(openat.syscall().problem()).isNull();
    assertThat(openat.syscall().args()).hasLength(4);
    assertThat(openat.printFmtText()).startsWith("\"dfd: 0x%08lx");
    assertThat(td.events()).hasSize(1);
  }

  @Test
  void aFileWithoutTracepointsNeedsNone() {
    assertThat(PinnedFormats.of(List.of(), Set.of(), ByteOrder.LITTLE_ENDIAN)).isNull();
  }
}
