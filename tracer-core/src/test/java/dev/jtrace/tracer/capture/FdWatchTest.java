package dev.jtrace.tracer.capture;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jtrace.tracer.perf.OnlineCpus;
import dev.jtrace.tracer.perf.Poller;
import dev.jtrace.tracer.perf.Tracefs;
import dev.jtrace.tracer.state.FdTable;
import dev.jtrace.tracer.workload.Workload;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The fd watch wakes the reader when an fd is created, in time to read its path while it is open.
 */
class FdWatchTest {
  @ParameterizedTest(name = "on raw_syscalls: {0}")
  @ValueSource(booleans = {true, false})
  void resolvesThePathOfAnFdWhileItIsOpen(boolean onRawSyscalls) throws Exception {
    assumeTrue(
        Files.isDirectory(Path.of("/sys/kernel/tracing/events/syscalls/sys_exit_openat")),
        "needs tracefs with syscalls:sys_exit_openat");
    assumeTrue(ProcessHandle.current().info().user().orElse("").equals("root"), "needs root");
    // The shell opens the file for its redirection, then the fd stays open while sleep runs.
    Workload w = Workload.startStopped(List.of("/bin/sh", "-c", "exec 3</etc/hostname; sleep 0.3"));
    CaptureSpec spec =
        new CaptureSpec(
            List.of(w.pid()), OnlineCpus.online(), null, Map.of(), Set.of(), true, true, 16);
    int wakeups = 0;
    List<String> paths = new ArrayList<>();
    try (FdWatch watch =
        FdWatch.open(Tracefs.locate(), spec, Map.of("openat", 257, "open", 2), onRawSyscalls)) {
      assertThat(watch.pollFds()).hasSize(OnlineCpus.online().size());
      w.resume();
      try (Poller poller = new Poller(watch.pollFds())) {
        while (w.isAlive()) {
          // A wakeup comes right after an open returned: the redirection's fd is still open then.
          if (poller.await(100) > 0) {
            wakeups++;
            paths.add(FdTable.ProcFds.LIVE.readlink(w.pid(), 3));
          }
          watch.discard();
        }
      }
      w.waitFor();
    }
    assertThat(wakeups).isAtLeast(1);
    assertThat(paths).contains("/etc/hostname");
  }
}
