package dev.jtrace.tracer.select;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** -e split into syscalls and tracepoints, globs on either side of the colon. */
class EventSelectionTest {
  private static final Map<String, List<String>> EVENTS =
      Map.of(
          "sched", List.of("sched_switch", "sched_wakeup", "sched_wakeup_new", "sched_waking"),
          "signal", List.of("signal_deliver", "signal_generate"),
          "irq", List.of("irq_handler_entry"));

  private static final EventSelection.Catalog CATALOG =
      new EventSelection.Catalog() {
        @Override
        public List<String> systems() {
          return List.of("irq", "sched", "signal");
        }

        @Override
        public List<String> events(String system) {
          return EVENTS.getOrDefault(system, List.of());
        }
      };

  @Test
  void syscallsAndTracepointsAreToldApartByTheColon() throws Exception {
    EventSelection s =
        EventSelection.parse(
            "*sleep,sched:*wakeup,sched:sched_switch/max-stack=8/,!close", CATALOG);
    assertThat(s.syscallExpr()).isEqualTo("*sleep,!close");
    assertThat(s.tracepoints())
        .containsExactly("sched:sched_wakeup", "sched:sched_switch")
        .inOrder();
    assertThat(s.syscalls()).isTrue();
  }

  @Test
  void tracepointsAloneTraceNoSyscallsAsPerfTrace() throws Exception {
    EventSelection s = EventSelection.parse("signal:*,s*:sched_wak?ng", CATALOG);
    assertThat(s.syscallExpr()).isNull();
    assertThat(s.syscalls()).isFalse();
    assertThat(s.tracepoints())
        .containsExactly("signal:signal_deliver", "signal:signal_generate", "sched:sched_waking")
        .inOrder();
    assertThat(EventSelection.parse(null, CATALOG).syscalls()).isTrue();
  }

  @Test
  void anEventThatDoesNotExistIsNamed() {
    var unknown =
        assertThrows(
            SyscallSelection.BadExpression.class,
            () -> EventSelection.parse("openat,sched:nope", CATALOG));
    assertThat(unknown).hasMessageThat().isEqualTo("-e: unknown event 'sched:nope'");
    var noMatch =
        assertThrows(
            SyscallSelection.BadExpression.class, () -> EventSelection.parse("x*:y", CATALOG));
    assertThat(noMatch).hasMessageThat().isEqualTo("-e: no event matches 'x*:y'");
    var empty =
        assertThrows(
            SyscallSelection.BadExpression.class, () -> EventSelection.parse("sched:", CATALOG));
    assertThat(empty).hasMessageThat().isEqualTo("-e: not SYSTEM:EVENT: 'sched:'");
  }
}
