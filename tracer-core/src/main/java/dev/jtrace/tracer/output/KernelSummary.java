package dev.jtrace.tracer.output;

import dev.jtrace.beauty.SyscallBeautifier;
import dev.jtrace.tracer.bpf.SummaryCapture;
import dev.jtrace.tracer.event.CompatAbi;
import dev.jtrace.tracer.options.TraceOptions.SummaryMode;
import java.io.IOException;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The in-kernel summary ({@link SummaryCapture}) grouped by --summary-mode and written as perf
 * trace -s writes it: per group its events (an entry and an exit per call) and share, then per
 * syscall calls, errors, total, min, avg, max (ms) and stddev (%), sorted by total time; with
 * --errno-summary the errnos under each syscall, with --histogram its log2 latency histogram as
 * bpftrace's hist() prints one. Only the groups are kept while the maps are read.
 */
public final class KernelSummary implements SummaryCapture.Visitor {
  /** Where a cgroup's id (its directory's inode number) is looked up. */
  private static final List<Path> CGROUP_ROOTS =
      List.of(Path.of("/sys/fs/cgroup/unified"), Path.of("/sys/fs/cgroup"));

  private record ThreadKey(int tid, long start) {}

  private record GroupKey(long id, long start) {}

  /** One syscall's sums in a group. */
  private static final class Totals {
    long calls;
    long errors;
    long totalNs;
    long minNs = Long.MAX_VALUE;
    long maxNs;
    BigInteger squares = BigInteger.ZERO;
    long[] histogram;
    Map<Integer, Long> errnos;

    void add(SummaryCapture.Stats s) {
      calls += s.calls();
      errors += s.errors();
      totalNs += s.totalNs();
      minNs = Math.min(minNs, s.minNs());
      maxNs = Math.max(maxNs, s.maxNs());
      squares =
          squares.add(
              BigInteger.valueOf(s.squaresHigh())
                  .shiftLeft(64)
                  .add(new BigInteger(Long.toUnsignedString(s.squaresLow()))));
      if (s.histogram() != null) {
        if (histogram == null) {
          histogram = new long[s.histogram().length];
        }
        for (int i = 0; i < histogram.length; i++) {
          histogram[i] += s.histogram()[i];
        }
      }
    }

    /** perf's stddev column: the standard error of the mean as a percentage of the mean. */
    double stddevPercent() {
      if (calls < 2 || totalNs == 0) {
        return 0;
      }
      BigInteger n = BigInteger.valueOf(calls);
      BigInteger t = BigInteger.valueOf(totalNs);
      // variance = (n·S − T²) / (n (n − 1)), exact in integers until the division
      double variance =
          squares.multiply(n).subtract(t.multiply(t)).doubleValue()
              / ((double) calls * (calls - 1));
      double mean = (double) totalNs / calls;
      return variance <= 0 ? 0 : 100.0 * Math.sqrt(variance / calls) / mean;
    }
  }

  private static final class Group {
    final GroupKey key;
    long calls;
    String name;
    final Map<Integer, Totals> bySyscall = new HashMap<>();

    Group(GroupKey key) {
      this.key = key;
    }
  }

  private final SummaryMode mode;
  private final Map<ThreadKey, SummaryCapture.ThreadInfo> threads = new HashMap<>();
  private final Map<GroupKey, Group> groups = new HashMap<>();
  private long totalCalls;

  public KernelSummary(SummaryMode mode) {
    this.mode = mode;
  }

  @Override
  public void thread(SummaryCapture.ThreadInfo t) {
    threads.put(new ThreadKey(t.tid(), t.startTime()), t);
  }

  private GroupKey groupOf(int tid, long start, SummaryCapture.ThreadInfo info) {
    return switch (mode) {
      case THREAD -> new GroupKey(tid, start);
      case PROCESS ->
          info == null
              ? new GroupKey(tid, start)
              : new GroupKey(info.pid(), info.leaderStartTime());
      case TOTAL -> new GroupKey(0, 0);
      case CGROUP -> new GroupKey(info == null ? 0 : info.cgroupId(), 0);
    };
  }

  @Override
  public void stats(SummaryCapture.Stats s) {
    SummaryCapture.ThreadInfo info = threads.get(new ThreadKey(s.tid(), s.startTime()));
    Group g = groups.computeIfAbsent(groupOf(s.tid(), s.startTime(), info), Group::new);
    if (g.name == null || (info != null && info.tid() == info.pid())) {
      g.name = info == null ? ":" + s.tid() : info.comm(); // a process is named by its leader
    }
    g.calls += s.calls();
    totalCalls += s.calls();
    g.bySyscall.computeIfAbsent(s.syscallKey(), k -> new Totals()).add(s);
  }

  @Override
  public void errno(SummaryCapture.ErrnoCount e) {
    SummaryCapture.ThreadInfo info = threads.get(new ThreadKey(e.tid(), e.startTime()));
    Group g = groups.get(groupOf(e.tid(), e.startTime(), info));
    Totals t = g == null ? null : g.bySyscall.get(e.syscallKey());
    if (t != null) {
      if (t.errnos == null) {
        t.errnos = new TreeMap<>();
      }
      t.errnos.merge(e.errno(), e.count(), Long::sum);
    }
  }

  /** Calls of a syscall key summed over every group (for tests). */
  public long calls(int syscallKey) {
    long n = 0;
    for (Group g : groups.values()) {
      Totals t = g.bySyscall.get(syscallKey);
      n += t == null ? 0 : t.calls;
    }
    return n;
  }

  /** Writes the summary, then what the full maps could not keep. */
  public void print(
      Writer out,
      SyscallBeautifier beautifier,
      SummaryCapture.Counters lost,
      int bound,
      boolean errnoSummary)
      throws IOException {
    CompatAbi abi = CompatAbi.of(beautifier);
    Map<Long, String> cgroups = mode == SummaryMode.CGROUP ? cgroupPaths() : Map.of();
    StringBuilder b = new StringBuilder("\n Summary of events:\n\n");
    List<Group> sorted = new ArrayList<>(groups.values());
    sorted.sort(
        Comparator.comparingLong((Group g) -> g.calls)
            .thenComparingLong(g -> g.key.id())
            .thenComparingLong(g -> g.key.start()));
    for (Group g : sorted) {
      long events = 2 * g.calls;
      String share =
          String.format(
              Locale.ROOT, "%.1f%%", totalCalls == 0 ? 0.0 : 100.0 * g.calls / totalCalls);
      switch (mode) {
        case THREAD, PROCESS ->
            b.append(' ').append(g.name).append(" (").append(g.key.id()).append("), ");
        case CGROUP ->
            b.append(' ')
                .append(cgroups.getOrDefault(g.key.id(), "cgroup"))
                .append(" (")
                .append(g.key.id())
                .append("), ");
        case TOTAL -> b.append(" total, ");
      }
      b.append(events).append(" events, ").append(share).append("\n\n");
      SummaryFormat.header(b);
      List<Map.Entry<Integer, Totals>> rows = new ArrayList<>(g.bySyscall.entrySet());
      rows.sort(
          Comparator.comparingLong((Map.Entry<Integer, Totals> r) -> -r.getValue().totalNs)
              .thenComparingInt(Map.Entry::getKey));
      for (Map.Entry<Integer, Totals> r : rows) {
        Totals t = r.getValue();
        int key = r.getKey();
        String name =
            key >= SummaryFormat.COMPAT_KEY
                ? abi.beautifier(true).name(key - SummaryFormat.COMPAT_KEY)
                    + " ("
                    + abi.arch().id()
                    + ")"
                : beautifier.name(key);
        SummaryFormat.row(
            b,
            name,
            t.calls,
            t.errors,
            t.totalNs,
            t.calls == 0 ? 0 : t.minNs,
            t.calls == 0 ? 0 : (double) t.totalNs / t.calls,
            t.maxNs,
            t.stddevPercent());
        if (errnoSummary && t.errnos != null) {
          SummaryFormat.errnos(b, beautifier, t.errnos);
        }
        if (t.histogram != null) {
          histogram(b, name, t.histogram);
        }
      }
      b.append('\n');
      // out group by group: under -a hundreds of thousands of threads make 100+ MB of text
      out.append(b);
      b.setLength(0);
    }
    if (lost.unsummedCalls() > 0) {
      b.append(" LOST ")
          .append(lost.unsummedCalls())
          .append(" calls: the summary's map of ")
          .append(bound)
          .append(" (thread, syscall) entries was full!\n\n");
    }
    if (lost.uncountedErrnos() > 0) {
      b.append(" LOST ")
          .append(lost.uncountedErrnos())
          .append(" errno counts: the map of errnos was full!\n\n");
    }
    if (lost.unnamedThreads() > 0) {
      b.append(' ')
          .append(lost.unnamedThreads())
          .append(
              " (thread, syscall) entries of unnamed threads: the map of thread names was"
                  + " full\n\n");
    }
    out.append(b);
    out.flush();
  }

  /**
   * A log2 histogram as bpftrace's hist() prints it: from the first bucket counted to the last,
   * {@code [lo, hi)} with K/M/G for powers of 1024, the count, and a bar of up to 52 {@code @}.
   */
  static void histogram(StringBuilder b, String name, long[] buckets) {
    int first = -1;
    int last = -1;
    long max = 0;
    for (int i = 0; i < buckets.length; i++) {
      if (buckets[i] > 0) {
        first = first < 0 ? i : first;
        last = i;
        max = Math.max(max, buckets[i]);
      }
    }
    if (first < 0) {
      return;
    }
    b.append("\n   @").append(name).append(" (ns):\n");
    for (int i = first; i <= last; i++) {
      String range = i == 0 ? "[0]" : i == 1 ? "[1]" : "[" + power(i - 1) + ", " + power(i) + ")";
      int bar = (int) (52 * buckets[i] / max);
      b.append(
          String.format(Locale.ROOT, "   %-20s %8d |%-52s|%n", range, buckets[i], "@".repeat(bar)));
    }
    b.append('\n');
  }

  /** 2^k with bpftrace's K/M/G/T/P/E suffixes for powers of 1024. */
  private static String power(int k) {
    String units = " KMGTPE";
    int unit = Math.min(k / 10, units.length() - 1);
    long v = 1L << (k - 10 * unit);
    return unit == 0 ? Long.toString(v) : v + String.valueOf(units.charAt(unit));
  }

  /** cgroup v2 ids (their directories' inode numbers) to paths, from the mounted hierarchy. */
  static Map<Long, String> cgroupPaths() {
    Map<Long, String> paths = new HashMap<>();
    for (Path root : CGROUP_ROOTS) {
      if (!Files.exists(root.resolve("cgroup.controllers"))) {
        continue; // not a cgroup v2 mount
      }
      try (Stream<Path> dirs = Files.walk(root)) {
        dirs.filter(Files::isDirectory)
            .forEach(
                d -> {
                  try {
                    Object ino =
                        Files.readAttributes(d, BasicFileAttributes.class).fileKey() == null
                            ? null
                            : Files.getAttribute(d, "unix:ino");
                    if (ino instanceof Long id) {
                      String rel = root.relativize(d).toString();
                      paths.putIfAbsent(id, "/" + rel);
                    }
                  } catch (IOException | UnsupportedOperationException e) {
                    // a cgroup gone meanwhile: it keeps its number
                  }
                });
      } catch (IOException | java.io.UncheckedIOException e) {
        // an unreadable hierarchy: cgroups keep their numbers
      }
      break;
    }
    return paths;
  }
}
