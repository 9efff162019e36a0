package dev.jtrace.cli;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jtrace.perfdata.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jtrace script} against {@code perf script} on one file the real {@code perf record} writes
 * here, for the tracepoints whose print fmts use the evaluator's parts: sched_switch's flags and
 * ternaries, kmalloc's {@code %pS} and gfp flags, hrtimer_start's {@code %ps} and unresolved symbol
 * names, block_rq_issue's casts, shifts and {@code __get_str}, irq_handler_entry's data_loc string,
 * and the plain ones. Every line must be equal, payload included. Before the evaluator,
 * sched_switch printed {@code prev_state=0} without {@code ==>} and kmalloc's call_site as a signed
 * 32-bit number.
 */
class TracepointScriptDifferentialTest {
  private static final List<String> EVENTS =
      List.of(
          "sched:sched_switch",
          "sched:sched_wakeup",
          "sched:sched_process_exit",
          "kmem:kmalloc",
          "timer:hrtimer_start",
          "irq:irq_handler_entry",
          "block:block_rq_issue",
          "signal:signal_deliver");

  @Test
  void everyLineEqualsPerfScripts(@TempDir Path dir) throws Exception {
    Path perf = Fixtures.perf();
    assumeTrue(
        "root".equals(System.getProperty("user.name")), "perf record -a needs root (tracepoints)");
    Path data = dir.resolve("tp.data");
    Path disk = diskBackedDirectory(dir);
    assumeTrue(
        disk != null,
        "no disk-backed directory for direct writes (the temporary directory, target/ and /var/tmp"
            + " are all in memory): no block requests, no disk interrupts");
    Path file = Files.createTempFile(disk, "tp", ".dat");
    // sleeps (timers, switches, wakeups), direct writes to disk (block requests, their interrupts;
    // a tmpfs makes neither, so the file is on a disk), a signal the shell handles, processes that
    // exit
    String workload =
        "trap 'true' USR1; sleep 0.05; dd if=/dev/zero of="
            + file
            + " bs=4k count=256 oflag=direct 2>/dev/null || dd if=/dev/zero of="
            + file
            + " bs=4k count=32 conv=fsync 2>/dev/null; kill -USR1 $$; sleep 0.05; /bin/true";
    // A short recording may hold no interrupt (the disk's completions can be coalesced or land
    // outside the window): recorded again, up to three times, until every event is in it.
    Fixtures.Run rec = null;
    Fixtures.Run theirs = null;
    for (int attempt = 0; attempt < 3; attempt++) {
      rec =
          Fixtures.run(
              List.of(
                  perf.toString(),
                  "record",
                  "-a",
                  "-m",
                  "2048", // 8 MiB a CPU: the test's own busy JVM is recorded too
                  "-o",
                  data.toString(),
                  "-e",
                  String.join(",", EVENTS),
                  "--",
                  "sh",
                  "-c",
                  workload));
      assertWithMessage("perf record: %s", rec.err()).that(rec.status()).isEqualTo(0);
      theirs = Fixtures.run(List.of(perf.toString(), "script", "-f", "-i", data.toString()));
      assertWithMessage("perf script: %s", theirs.err()).that(theirs.status()).isEqualTo(0);
      String out = theirs.out();
      if (EVENTS.stream().allMatch(e -> out.contains(" " + e + ": "))) {
        break;
      }
    }

    Files.deleteIfExists(file);
    List<String> perfLines = theirs.out().lines().toList();
    List<String> ours = ScriptGoldenTest.jtraceScript(data).lines().toList();
    for (String event : EVENTS) {
      assertWithMessage(
              "perf recorded no %s sample (perf record said: %s; perf script: %s)",
              event, rec.err(), theirs.out().substring(0, Math.min(3000, theirs.out().length())))
          .that(perfLines.stream().anyMatch(l -> l.contains(" " + event + ": ")))
          .isTrue();
    }
    assertThat(ours).hasSize(perfLines.size());
    for (int i = 0; i < perfLines.size(); i++) {
      assertWithMessage("line %s", i + 1).that(ours.get(i)).isEqualTo(perfLines.get(i));
    }
  }

  /** The first of the candidates whose file system sends writes to a block device, or null. */
  private static Path diskBackedDirectory(Path temporary) throws IOException {
    for (Path candidate :
        List.of(temporary, Path.of("target").toAbsolutePath(), Path.of("/var/tmp"))) {
      if (Files.isDirectory(candidate)
          && Files.isWritable(candidate)
          && !Set.of("tmpfs", "ramfs", "devtmpfs").contains(Files.getFileStore(candidate).type())) {
        return candidate;
      }
    }
    return null;
  }
}
