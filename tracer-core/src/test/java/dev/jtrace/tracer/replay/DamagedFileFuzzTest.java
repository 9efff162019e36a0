package dev.jtrace.tracer.replay;

import static com.google.common.truth.Truth.assertWithMessage;
import static org.junit.jupiter.api.Assertions.fail;

import com.sun.management.ThreadMXBean;
import dev.jtrace.perfdata.Fixtures;
import dev.jtrace.perfdata.StructuralMutator;
import dev.jtrace.perfdata.StructuralMutator.Mutant;
import dev.jtrace.perfdata.read.PerfDataHandler;
import dev.jtrace.perfdata.read.PerfDataReader;
import dev.jtrace.perfdata.read.PerfHeader;
import dev.jtrace.perfdata.read.PerfRecord;
import dev.jtrace.perfdata.read.ReadResult;
import dev.jtrace.perfdata.read.Sample;
import dev.jtrace.perfdata.script.ScriptFormatter;
import dev.jtrace.perfdata.script.ThreadNames;
import dev.jtrace.tracer.options.TraceOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Damaged perf.data, fuzzed from outside: every fixture (ours and the foreign ones) cut at every
 * 1/64 of its length, then {@link StructuralMutator}'s structural damage, each mutant read once,
 * formatted as {@code jtrace script} and {@code jtrace script --pretty} do and replayed as {@code
 * jtrace -i} does, output to a null sink. Each must end clean or with the one-line bad-file error
 * naming an offset (exit 1 for the replay), never with another exception, a usage error or a hang,
 * and within a bounded allocation.
 *
 * <p>{@code -Djtrace.fuzz.mutants=N} sets how many mutants each corpus gets (5,000 in all by
 * default; the nightly-size run uses 100000); {@code -Djtrace.fuzz.seed=S} changes the seed; a
 * failure names the seed and the mutant's index, and {@code -Djtrace.fuzz.mutant=I} runs that one
 * alone.
 */
class DamagedFileFuzzTest {
  private static final long SEED = Long.decode(System.getProperty("jtrace.fuzz.seed", "0x5eed"));
  private static final int MUTANTS = Integer.getInteger("jtrace.fuzz.mutants", 5_000);
  private static final int ONLY = Integer.getInteger("jtrace.fuzz.mutant", -1);
  private static final long ALLOCATION_BOUND = 256L << 20;

  /**
   * A mutant's bound: CPU time of its thread (a loop), and wall time (a wait; a loaded machine).
   */
  private static final long CPU_SECONDS_PER_MUTANT = 20;

  private static final long WALL_SECONDS_PER_MUTANT = 300;

  /** The error line of a bad file: {@code jtrace: NAME: offset 0x1a8: what}. */
  private static final Pattern REPLAY_ERROR =
      Pattern.compile("(?m)^jtrace: mutant: offset 0x[0-9a-f]+: .+$");

  private static final ThreadMXBean THREADS = (ThreadMXBean) ManagementFactory.getThreadMXBean();
  private static ExecutorService worker;
  private static volatile long workerId;

  @BeforeAll
  static void startWorker() {
    worker =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "fuzz-worker");
              workerId = t.threadId();
              return t;
            });
  }

  @AfterAll
  static void stopWorker() {
    worker.shutdownNow();
  }

  @Test
  void ourFixturesDamaged() throws Exception {
    fuzz(seeds(Fixtures.ours("README.md").getParent()), MUTANTS * 3 / 5, 1);
  }

  @Test
  void foreignFixturesDamaged() throws Exception {
    fuzz(seeds(Fixtures.foreignDir()), MUTANTS - MUTANTS * 3 / 5, 2);
  }

  /** Every perf.data of a fixture directory (all but its README), in name order. */
  private static List<StructuralMutator> seeds(Path dir) throws IOException {
    List<Path> files = new ArrayList<>();
    try (DirectoryStream<Path> all = Files.newDirectoryStream(dir)) {
      for (Path f : all) if (!f.getFileName().toString().endsWith(".md")) files.add(f);
    }
    files.sort(null);
    List<StructuralMutator> seeds = new ArrayList<>();
    for (Path f : files) {
      seeds.add(new StructuralMutator(f.getFileName().toString(), Files.readAllBytes(f)));
    }
    return seeds;
  }

  /**
   * The first 63 mutants of each seed are its truncations, the rest structural damage, each from a
   * random generator of its own (seeded by the corpus, the seed and its index) so one can be rerun.
   */
  private static void fuzz(List<StructuralMutator> seeds, int count, int corpus) throws Exception {
    long errors = 0;
    for (int i = 0; i < count; i++) {
      if (ONLY >= 0 && i != ONLY) continue;
      StructuralMutator m = seeds.get(i % seeds.size());
      int round = i / seeds.size();
      Mutant mutant;
      if (round < 63) {
        mutant = m.truncation(round + 1);
      } else {
        mutant = m.mutate(new SplittableRandom(SEED * 31 + corpus * 1_000_003L + i));
      }
      String where =
          "mutant "
              + i
              + " of corpus "
              + corpus
              + " (-Djtrace.fuzz.seed=0x"
              + Long.toHexString(SEED)
              + " -Djtrace.fuzz.mutant="
              + i
              + "): "
              + mutant.description();
      int mode = i % 3;
      Future<Boolean> run = worker.submit(() -> check(mutant.bytes(), mode, where));
      if (await(run, where)) errors++;
    }
    if (ONLY < 0) {
      // the damage must reach the error paths, or the run proves little
      assertWithMessage("mutants that ended in a bad-file error")
          .that(errors)
          .isAtLeast(count / 10);
    }
  }

  /** The mutant's result, or a failure when it runs past its CPU or wall time bound. */
  private static boolean await(Future<Boolean> run, String where) throws InterruptedException {
    long cpuBefore = THREADS.getThreadCpuTime(workerId); // -1 before the worker's first task
    long start = System.nanoTime();
    while (true) {
      try {
        return run.get(1, TimeUnit.SECONDS);
      } catch (TimeoutException e) {
        long cpu = THREADS.getThreadCpuTime(workerId) - Math.max(0, cpuBefore);
        long wall = System.nanoTime() - start;
        if (cpu > TimeUnit.SECONDS.toNanos(CPU_SECONDS_PER_MUTANT)
            || wall > TimeUnit.SECONDS.toNanos(WALL_SECONDS_PER_MUTANT)) {
          run.cancel(true);
          fail(where + ": still running after " + cpu / 1_000_000 + " ms of CPU (a hang?)");
        }
      } catch (ExecutionException e) {
        throw new AssertionError(where + ": " + e.getCause(), e.getCause());
      }
    }
  }

  /** Reads and replays one mutant; true when it was refused as a bad file. */
  private static boolean check(byte[] image, int mode, String where) throws IOException {
    long tid = Thread.currentThread().threadId();
    long before = THREADS.getThreadAllocatedBytes(tid);
    TraceOptions.Builder options = TraceOptions.builder().input("mutant");
    if (mode == 1) options.withSummary(true);
    if (mode == 2) options.json(true);
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    ReadResult[] read = new ReadResult[1];
    // one read feeds both the script formatters and the replay (the formatters first, so they see
    // every record even when the replay gives up on the header)
    int status =
        PerfDataReplay.replay(
            options.build(),
            handler -> read[0] = PerfDataReader.read(image, new Script(handler)),
            Writer.nullWriter(),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    if (read[0] != null && read[0].error() != null) {
      assertWithMessage(where + ": script")
          .that(read[0].error())
          .doesNotContain("cannot decode the record there");
      assertWithMessage(where + ": script").that(read[0].error()).matches("offset 0x[0-9a-f]+: .+");
    }
    String messages = err.toString(StandardCharsets.UTF_8);
    assertWithMessage(where + ": replay's exit status; it said\n" + messages)
        .that(status)
        .isAnyOf(0, 1);
    if (status == 1) {
      assertWithMessage(where + ": replay's error").that(messages).containsMatch(REPLAY_ERROR);
      assertWithMessage(where + ": replay's error")
          .that(messages)
          .doesNotContain("cannot decode the record there");
      assertWithMessage(where + ": replay's error").that(messages).doesNotContain("internal error");
    }
    long allocated = THREADS.getThreadAllocatedBytes(tid) - before;
    assertWithMessage(where + ": allocated bytes").that(allocated).isLessThan(ALLOCATION_BOUND);
    return status == 1 || (read[0] != null && read[0].error() != null);
  }

  /**
   * What {@code jtrace script} and {@code script --pretty} do with each record, before the replay
   * gets it.
   */
  private static final class Script implements PerfDataHandler {
    private final PerfDataHandler replay;
    private final ThreadNames names = new ThreadNames();
    private final StringBuilder line = new StringBuilder();
    private ScriptFormatter plain;
    private ScriptFormatter pretty;

    Script(PerfDataHandler replay) {
      this.replay = replay;
    }

    @Override
    public void header(PerfHeader h) {
      plain = new ScriptFormatter(h, ScriptFormatter.DEFAULT_FIELDS, false);
      pretty = new ScriptFormatter(h, ScriptFormatter.DEFAULT_FIELDS, true);
      replay.header(h);
    }

    @Override
    public void record(PerfRecord r) {
      if (r instanceof Sample s) {
        line.setLength(0);
        plain.append(line, s, names);
        line.setLength(0);
        pretty.append(line, s, names);
      } else {
        names.update(r);
      }
      replay.record(r);
    }

    @Override
    public void warning(String message) {
      replay.warning(message);
    }
  }
}
