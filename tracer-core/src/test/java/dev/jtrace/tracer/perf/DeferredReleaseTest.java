package dev.jtrace.tracer.perf;

import static com.google.common.truth.Truth.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The hand-over child holds the same perf event as this process, and only a reading end of a pipe.
 */
class DeferredReleaseTest {
  @Test
  void aChildHoldsTheEventAfterTheHandOver() throws Exception {
    long id = TracepointAssumptions.rootWith("raw_syscalls", "sys_exit");
    List<Long> before = children();
    try (PerfEvent e =
        PerfEvent.open(TracerAttr.tracepoint(id).build(), 0, -1, "raw_syscalls:sys_exit")) {
      assertThat(DeferredRelease.handOver()).isTrue();
      List<Long> holders = new ArrayList<>(children());
      holders.removeAll(before);
      assertThat(holders).hasSize(1);
      long holder = holders.getFirst();
      String ours = Files.readSymbolicLink(Path.of("/proc/self/fd/" + e.fd())).toString();
      assertThat(ours).isEqualTo("anon_inode:[perf_event]");
      // Inherited fds keep their numbers: the child has our event at the same fd.
      assertThat(Files.readSymbolicLink(Path.of("/proc/" + holder + "/fd/" + e.fd())).toString())
          .isEqualTo(ours);
      // Its stdin is a pipe (whose writing end only this process has), not a terminal or a file.
      assertThat(fdTargets(holder).getFirst()).startsWith("pipe:");
      assertThat(Files.readString(Path.of("/proc/" + holder + "/comm")).strip()).isEqualTo("cat");
    }
  }

  private static List<Long> children() {
    return ProcessHandle.current().children().map(ProcessHandle::pid).toList();
  }

  private static List<String> fdTargets(long pid) throws IOException {
    List<String> out = new ArrayList<>();
    try (Stream<Path> fds = Files.list(Path.of("/proc/" + pid + "/fd"))) {
      List<Path> sorted =
          fds.sorted(Comparator.comparingInt(f -> Integer.parseInt(f.getFileName().toString())))
              .toList();
      for (Path p : sorted) {
        out.add(Files.readSymbolicLink(p).toString());
      }
    }
    return out;
  }
}
