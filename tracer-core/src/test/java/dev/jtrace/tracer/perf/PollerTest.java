package dev.jtrace.tracer.perf;

import static com.google.common.truth.Truth.assertThat;

import dev.jtrace.perf.abi.AttrFlag;
import dev.jtrace.tracer.workload.Workload;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An event whose task has exited hangs up once, then leaves the poll set instead of waking it
 * forever.
 */
class PollerTest {
  @Test
  void aHungUpEventLeavesThePollSet() throws Exception {
    long id = TracepointAssumptions.rootWith("raw_syscalls", "sys_exit");
    Workload w = Workload.startStopped(List.of("/bin/true"));
    try (PerfEvent e =
            PerfEvent.open(
                TracerAttr.tracepoint(id).flags(AttrFlag.ENABLE_ON_EXEC).build(),
                w.pid(),
                0,
                "sys_exit");
        RingBuffer ring = RingBuffer.map(e, 0, 1);
        Poller poller = new Poller(List.of(e.fd()))) {
      w.resume();
      w.waitFor();
      int first = 0;
      for (int i = 0; i < 50 && first == 0; i++) {
        first = poller.await(100); // the task is gone: POLLHUP
      }
      assertThat(first).isEqualTo(1);
      assertThat(poller.await(20)).isEqualTo(0); // now a timeout, not another hang-up
    }
  }
}
