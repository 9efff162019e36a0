package dev.jtrace.perfdata;

import static com.google.common.truth.Truth.assertWithMessage;

import dev.jtrace.perfdata.read.PerfDataHandler;
import dev.jtrace.perfdata.read.PerfDataReader;
import dev.jtrace.perfdata.read.PerfHeader;
import dev.jtrace.perfdata.read.PerfRecord;
import dev.jtrace.perfdata.read.ReadResult;
import dev.jtrace.perfdata.read.Sample;
import dev.jtrace.perfdata.script.EvlistFormatter;
import dev.jtrace.perfdata.script.ScriptFormatter;
import dev.jtrace.perfdata.script.ThreadNames;
import dev.jtrace.perfdata.tracing.RawPayload;
import dev.jtrace.perfdata.write.PerfDataWriter;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Random mutations of real files (ours and our writer's byte-swapped and pipe-mode output; in a
 * test of their own, which needs them, the foreign ones) through the reader and the script/evlist
 * formatting. Each run must end with a result (no exception escapes), any error must be a described
 * format error (not an internal exception), and the run must not allocate without bound. A hang
 * fails the test through its timeout.
 */
class FuzzTest {
  private static final int RUNS = 30_000;
  private static final int FOREIGN_RUNS = 10_000;

  /**
   * Far below what a lying size would cost (GBs), far above what a real read of these files needs.
   */
  private static final long ALLOCATION_BOUND = 96L << 20;

  private static final long[] INTERESTING = {
    0,
    1,
    7,
    8,
    15,
    16,
    0x7f,
    0x80,
    0xff,
    0x100,
    0xffff,
    0x10000,
    0x7fffffffL,
    0x80000000L,
    0xffffffffL,
    Long.MAX_VALUE,
    Long.MIN_VALUE,
    -1,
    -8,
    1L << 32,
    1L << 40
  };

  @TempDir Path dir;

  private List<byte[]> ourSeeds() throws IOException {
    List<byte[]> seeds = new ArrayList<>();
    for (String name :
        List.of(
            "raw_syscalls-true.data",
            "pipe-raw_syscalls-true.data",
            "zstd-raw_syscalls-true.data",
            "futex-python.data",
            "pipe-futex-python.data")) {
      seeds.add(Files.readAllBytes(Fixtures.ours(name)));
    }
    SyntheticTrace trace = new SyntheticTrace();
    List<SyntheticTrace.Call> calls =
        List.of(
            new SyntheticTrace.Call(257, new long[] {-100, 1, 2}, 3),
            new SyntheticTrace.Call(3, new long[] {3}, 0));
    for (ByteOrder order : List.of(ByteOrder.BIG_ENDIAN, ByteOrder.LITTLE_ENDIAN)) {
      for (boolean pipe : List.of(false, true)) {
        Path f = dir.resolve("w-" + order + pipe + ".data");
        trace.write(f, new PerfDataWriter.Options(pipe, order), "aarch64", calls);
        seeds.add(Files.readAllBytes(f));
      }
    }
    return seeds;
  }

  /** Touches everything a user-facing command would: names, attrs, formats, rendered payloads. */
  private static final class Exercise implements PerfDataHandler {
    final ThreadNames names = new ThreadNames();
    final StringBuilder sb = new StringBuilder();
    ScriptFormatter pretty;
    ScriptFormatter plain;
    long samples;

    @Override
    public void header(PerfHeader h) {
      pretty = new ScriptFormatter(h, ScriptFormatter.DEFAULT_FIELDS, true);
      plain = new ScriptFormatter(h, ScriptFormatter.DEFAULT_FIELDS, false);
      h.events()
          .forEach(
              e -> {
                EvlistFormatter.line(e, true, false);
                EvlistFormatter.line(e, false, true);
              });
    }

    @Override
    public void record(PerfRecord r) {
      if (r instanceof Sample s) {
        samples++;
        sb.setLength(0);
        plain.append(sb, s, names);
        pretty.append(sb, s, names);
        RawPayload p = s.tracepoint();
        if (p != null) {
          sb.setLength(0);
          p.appendFields(sb);
        }
      } else {
        names.update(r);
      }
    }
  }

  private static byte[] mutate(byte[] seed, SplittableRandom rnd) {
    byte[] b = seed.clone();
    int n = 1 + rnd.nextInt(4);
    for (int k = 0; k < n; k++) {
      // half the mutations hit the first 2 KiB, where the header, attrs and first records are
      int at = rnd.nextBoolean() ? rnd.nextInt(Math.min(2048, b.length)) : rnd.nextInt(b.length);
      switch (rnd.nextInt(6)) {
        case 0 -> b[at] = (byte) rnd.nextInt(256);
        case 1 -> b[at] ^= (byte) (1 << rnd.nextInt(8));
        case 2 -> put(b, at & ~1, 2, INTERESTING[rnd.nextInt(INTERESTING.length)], rnd);
        case 3 -> put(b, at & ~3, 4, INTERESTING[rnd.nextInt(INTERESTING.length)], rnd);
        case 4 -> put(b, at & ~7, 8, INTERESTING[rnd.nextInt(INTERESTING.length)], rnd);
        default -> b = java.util.Arrays.copyOf(b, Math.max(1, at));
      }
    }
    return b;
  }

  private static void put(byte[] b, int at, int size, long v, SplittableRandom rnd) {
    if (at + size > b.length) return;
    ByteBuffer bb =
        ByteBuffer.wrap(b)
            .order(rnd.nextBoolean() ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
    switch (size) {
      case 2 -> bb.putShort(at, (short) v);
      case 4 -> bb.putInt(at, (int) v);
      default -> bb.putLong(at, v);
    }
  }

  @Test
  @Timeout(value = 10, unit = TimeUnit.MINUTES) // a hang guard, not a speed requirement
  void randomMutationsNeverEscapeHangOrAllocateWithoutBound() throws IOException {
    fuzz(ourSeeds(), RUNS);
  }

  @Test
  @Timeout(value = 10, unit = TimeUnit.MINUTES)
  void randomMutationsOfForeignFilesNeverEscapeHangOrAllocateWithoutBound() throws IOException {
    List<byte[]> seeds = new ArrayList<>();
    for (String name :
        List.of(
            "perf_with_tracepoint_event.data",
            "perf_with_arm_regs.data",
            "fib-aarch64.perf_data")) {
      seeds.add(Files.readAllBytes(Fixtures.foreign(name)));
    }
    fuzz(seeds, FOREIGN_RUNS);
  }

  private static void fuzz(List<byte[]> seeds, int runs) {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long tid = Thread.currentThread().threadId();
    SplittableRandom rnd = new SplittableRandom(0x5eed_2026L);
    long errors = 0;
    for (int run = 0; run < runs; run++) {
      byte[] seed = seeds.get(run % seeds.size());
      byte[] input = mutate(seed, rnd);
      Exercise handler = new Exercise();
      long before = threads.getThreadAllocatedBytes(tid);
      ReadResult r = PerfDataReader.read(input, handler);
      long allocated = threads.getThreadAllocatedBytes(tid) - before;
      String where =
          "run " + run + " (seed " + (run % seeds.size()) + ", " + input.length + " bytes)";
      assertWithMessage(where + " returned no result").that(r).isNotNull();
      if (r.error() != null) {
        errors++;
        assertWithMessage(where + ": an internal exception, not a format error")
            .that(r.error())
            .doesNotContain("cannot decode the record there");
        assertWithMessage(where).that(r.error()).startsWith("offset 0x");
      }
      assertWithMessage(where + " allocated " + allocated + " bytes")
          .that(allocated)
          .isLessThan(ALLOCATION_BOUND);
    }
    // the mutations must actually reach the error paths, or the test proves nothing
    assertWithMessage("runs that ended in a format error").that(errors).isGreaterThan(runs / 10);
  }
}
