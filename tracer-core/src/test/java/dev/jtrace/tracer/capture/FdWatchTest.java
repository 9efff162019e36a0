package dev.jtrace.tracer.capture;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jtrace.tracer.event.NewFdScanner;
import dev.jtrace.tracer.perf.OnlineCpus;
import dev.jtrace.tracer.perf.Tracefs;
import dev.jtrace.tracer.state.FdTable;
import dev.jtrace.tracer.workload.Workload;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The fd watch wakes the reader per new fd, in time to read the path while the fd is open. */
class FdWatchTest {
  @Test
  void resolvesThePathOfAnFdWhileItIsOpen() throws Exception {
    assumeTrue(Files.isDirectory(Path.of("/sys/kernel/tracing/events/syscalls/sys_exit_openat")),
        "needs tracefs with syscalls:sys_exit_openat");
    assumeTrue(ProcessHandle.current().info().user().orElse("").equals("root"), "needs root");
    // The shell opens the file for its redirection, then the fd stays open while sleep runs.
    Workload w = Workload.startStopped(List.of("/bin/sh", "-c", "exec 3</etc/hostname; sleep 0.3"));
    CaptureSpec spec =
        new CaptureSpec(List.of(w.pid()), OnlineCpus.online(), null, Map.of(), Set.of(), true, true, 16);
    NewFdScanner scanner = new NewFdScanner(FdTable.ProcFds.LIVE::readlink);
    List<long[]> seen = new ArrayList<>();
    try (FdWatch watch = FdWatch.open(Tracefs.locate(), spec, List.of("openat", "open"))) {
      assertThat(watch.pollFds()).hasSize(OnlineCpus.online().size());
      w.resume();
      var poller = new dev.jtrace.tracer.perf.Poller(watch.pollFds());
      while (w.isAlive()) {
        poller.await(10);
        watch.drain((pid, tid, time, fd) -> {
          seen.add(new long[] {pid, tid, time, fd});
          scanner.newFd(pid, tid, time, fd);
        });
      }
      w.waitFor();
      poller.close();
    }
    // Every open of the shell and of sleep was seen; the redirection's path was read while it was open.
    assertThat(seen.size()).isAtLeast(2);
    List<String> paths = new ArrayList<>();
    for (long[] s : seen) {
      // the main stream's exit carries a timestamp a few microseconds off the watch's
      paths.add(scanner.take((int) s[1], s[2] + 1000, (int) s[3]));
    }
    assertThat(paths).contains("/etc/hostname");
  }
}
