package dev.jtrace.tracer.output;

import dev.jtrace.beauty.SyscallBeautifier;
import dev.jtrace.tracer.event.CompatAbi;
import dev.jtrace.tracer.event.Lost;
import dev.jtrace.tracer.event.PageFault;
import dev.jtrace.tracer.event.SyscallEnter;
import dev.jtrace.tracer.event.SyscallEvent;
import dev.jtrace.tracer.options.TraceOptions.SummaryMode;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * perf trace's -s/-S summary: per thread, events and their share, then per syscall calls, errors,
 * total, min, avg, max (ms) and stddev (%), sorted by total time; with --errno-summary each
 * syscall's errnos. Calls are counted by ABI and number: a 32-bit compat call (i386's getpid, 20)
 * has a row of its own, {@code getpid (i386)}, apart from the native call of that number (x86_64's
 * writev).
 */
public final class SummaryCollector implements TraceOutput {
  /** Added to a compat call's number to key its stats apart from the native call's. */
  private static final int COMPAT_KEY = SummaryFormat.COMPAT_KEY;

  private static final SyscallStats[] NO_STATS = new SyscallStats[0];

  private static final class ThreadStats {
    final int tid;

    /** The process, and the cgroup v2 id of the first call that carried one (0: none yet). */
    int pid = -1;

    long cgroup;

    long events;
    long majorFaults;
    long minorFaults;

    /** Time on CPU (--sched), ns. */
    long runtimeNs;

    /** Set when the task ended: its name then (the tid may have been reused since). */
    boolean ended;

    String comm;

    /**
     * The stats by number, sized to the numbers the thread uses (under -a tens of thousands of
     * threads are kept: they are the output).
     */
    SyscallStats[] byNr = NO_STATS;

    /**
     * The rest: compat keys (COMPAT_KEY + nr) and numbers from a damaged file, which can be
     * anything (only real ones, mips64's 5000+ among them, get a slot); null until one comes.
     */
    Map<Integer, SyscallStats> others;

    SyscallStats stats(int nr) {
      if (nr >= 0 && nr < 1 << 13) {
        if (nr < byNr.length && byNr[nr] != null) {
          return byNr[nr];
        }
        if (nr >= byNr.length) {
          byNr = Arrays.copyOf(byNr, Math.max(nr + 1, Math.min(2 * byNr.length, 512)));
        }
        return byNr[nr] = new SyscallStats();
      }
      if (others == null) {
        others = new HashMap<>();
      }
      return others.computeIfAbsent(nr, n -> new SyscallStats());
    }

    /** The stats of a key, or null. */
    SyscallStats find(int key) {
      if (key >= 0 && key < 1 << 13) {
        return key < byNr.length ? byNr[key] : null;
      }
      return others == null ? null : others.get(key);
    }

    /** Every key's stats. */
    List<Map.Entry<Integer, SyscallStats>> rows() {
      List<Map.Entry<Integer, SyscallStats>> rows = new ArrayList<>();
      for (int nr = 0; nr < byNr.length; nr++) {
        if (byNr[nr] != null) {
          rows.add(Map.entry(nr, byNr[nr]));
        }
      }
      if (others != null) {
        rows.addAll(others.entrySet());
      }
      return rows;
    }

    ThreadStats(int tid) {
      this.tid = tid;
    }
  }

  private final Map<Integer, ThreadStats> threads = new HashMap<>();

  /** Tasks that ended, each its own entry even when a later task reuses the tid. */
  private final List<ThreadStats> ended = new ArrayList<>();

  private long totalEvents;
  private long lost;

  /** Whole calls the paired capture lost. */
  private long lostCalls;

  private ThreadStats last;

  private ThreadStats thread(int tid) {
    ThreadStats t = last;
    if (t == null || t.tid != tid) {
      t = threads.computeIfAbsent(tid, ThreadStats::new);
      last = t;
    }
    return t;
  }

  /** What the rows are summed by (--summary-mode): each thread (the default), process, … */
  private SummaryMode mode = SummaryMode.THREAD;

  public void groupBy(SummaryMode m) {
    mode = m;
  }

  @Override
  public void entered(SyscallEnter e) {
    ThreadStats t = thread(e.tid());
    t.pid = e.pid();
    if (t.cgroup == 0) {
      t.cgroup = e.cgroup();
    }
    t.events++;
    totalEvents++;
  }

  @Override
  public void completed(SyscallEvent e) {
    if (e.completion() == SyscallEvent.Completion.NO_RETURN) {
      return;
    }
    ThreadStats t = thread(e.tid());
    t.pid = e.pid();
    if (t.cgroup == 0) {
      t.cgroup = e.cgroup();
    }
    t.events++;
    totalEvents++;
    t.stats(key(e.nr(), e.compat())).add(e.durationNs(), e.errno());
  }

  @Override
  public void pageFault(PageFault f) {
    ThreadStats t = thread(f.tid());
    if (f.major()) {
      t.majorFaults++;
    } else {
      t.minorFaults++;
    }
  }

  @Override
  public void ranOnCpu(int tid, long ns) {
    thread(tid).runtimeNs += ns;
  }

  /** Each thread's time on CPU goes in its head line (--sched). */
  public void showRuntime(boolean on) {
    this.showRuntime = on;
  }

  private boolean showRuntime;

  @Override
  public void exited(int tid, String comm) {
    ThreadStats t = threads.remove(tid);
    if (t != null) {
      t.ended = true;
      t.comm = comm;
      ended.add(t);
    }
    if (last == t) {
      last = null;
    }
  }

  @Override
  public void lost(Lost l) {
    if (l.calls()) {
      lostCalls += l.count();
    } else {
      lost += l.count();
    }
  }

  private static int key(int nr, boolean compat) {
    return compat && nr >= 0 ? nr + COMPAT_KEY : nr;
  }

  /** Calls of nr seen in tid (for tests). */
  public long calls(int tid, int nr) {
    return calls(tid, nr, false);
  }

  /** Calls of nr of that ABI seen in tid (for tests). */
  public long calls(int tid, int nr, boolean compat) {
    ThreadStats t = threads.get(tid);
    SyscallStats s = t == null ? null : t.find(key(nr, compat));
    return s == null ? 0 : s.calls;
  }

  /** Errors of nr seen in tid (for tests). */
  public long errors(int tid, int nr) {
    ThreadStats t = threads.get(tid);
    SyscallStats s = t == null ? null : t.find(nr);
    return s == null ? 0 : s.errors;
  }

  /**
   * The threads summed by process (keyed by pid, named by its leader: the tid equal to the pid), by
   * cgroup (its id, 0 for calls that carried none) or into one total, each group a ThreadStats of
   * its own; a process whose pid was reused after it ended stays apart from the later one.
   */
  private List<ThreadStats> grouped(List<ThreadStats> ts, IntFunction<String> comm) {
    Map<Long, ThreadStats> groups = new HashMap<>();
    for (ThreadStats t : ts) {
      long key =
          switch (mode) {
            case PROCESS -> (t.pid < 0 ? t.tid : t.pid) | (t.ended ? 1L << 40 : 0);
            case CGROUP -> t.cgroup;
            default -> 0;
          };
      int id = mode == SummaryMode.PROCESS ? (int) key : 0;
      ThreadStats g = groups.computeIfAbsent(key, k -> new ThreadStats(id));
      if (mode == SummaryMode.CGROUP) {
        g.cgroup = t.cgroup;
      }
      if (g.comm == null || t.tid == t.pid) {
        g.comm = t.ended ? t.comm : comm.apply(t.tid);
        g.ended = true; // named from here on, not by the tid
      }
      g.events += t.events;
      g.majorFaults += t.majorFaults;
      g.minorFaults += t.minorFaults;
      g.runtimeNs += t.runtimeNs;
      for (Map.Entry<Integer, SyscallStats> r : t.rows()) {
        g.stats(r.getKey()).merge(r.getValue());
      }
    }
    return new ArrayList<>(groups.values());
  }

  /** Writes the summary. */
  public void print(
      Writer out, SyscallBeautifier beautifier, IntFunction<String> comm, boolean errnoSummary)
      throws IOException {
    CompatAbi abi = CompatAbi.of(beautifier);
    StringBuilder b = new StringBuilder();
    b.append("\n Summary of events:\n\n");
    List<ThreadStats> ts = new ArrayList<>(threads.values());
    ts.addAll(ended);
    Map<Long, String> cgroups = mode == SummaryMode.CGROUP ? KernelSummary.cgroupPaths() : Map.of();
    if (mode != SummaryMode.THREAD) {
      ts = grouped(ts, comm);
    }
    ts.sort(Comparator.comparingLong((ThreadStats t) -> t.events).thenComparingInt(t -> t.tid));
    for (ThreadStats t : ts) {
      String c = t.ended ? t.comm : comm.apply(t.tid);
      switch (mode) {
        case THREAD, PROCESS ->
            b.append(' ')
                .append(c == null ? ":" + t.tid : c)
                .append(" (")
                .append(t.tid)
                .append("), ");
        case CGROUP ->
            b.append(' ')
                .append(cgroups.getOrDefault(t.cgroup, "cgroup"))
                .append(" (")
                .append(t.cgroup)
                .append("), ");
        case TOTAL -> b.append(" total, ");
      }
      b.append(t.events)
          .append(" events, ")
          .append(
              String.format(
                  Locale.ROOT, "%.1f%%", totalEvents == 0 ? 0.0 : 100.0 * t.events / totalEvents));
      if (t.majorFaults > 0) {
        b.append(", ").append(t.majorFaults).append(" majfaults");
      }
      if (t.minorFaults > 0) {
        b.append(", ").append(t.minorFaults).append(" minfaults");
      }
      if (showRuntime) {
        b.append(String.format(Locale.ROOT, ", %.3f msec", t.runtimeNs / 1e6));
      }
      b.append("\n\n");
      List<Map.Entry<Integer, SyscallStats>> rows = t.rows();
      if (rows.isEmpty()) {
        continue;
      }
      SummaryFormat.header(b);
      rows.sort(
          Comparator.comparingLong((Map.Entry<Integer, SyscallStats> r) -> -r.getValue().totalNs)
              .thenComparingInt(Map.Entry::getKey));
      for (Map.Entry<Integer, SyscallStats> r : rows) {
        SyscallStats s = r.getValue();
        SummaryFormat.row(
            b,
            r.getKey() >= COMPAT_KEY
                ? abi.beautifier(true).name(r.getKey() - COMPAT_KEY) + " (" + abi.arch().id() + ")"
                : beautifier.name(r.getKey()),
            s.calls,
            s.errors,
            s.totalNs,
            s.minNs,
            s.avgNs(),
            s.maxNs,
            s.stddevPercent());
        if (errnoSummary) {
          SummaryFormat.errnos(b, beautifier, s.errnos());
        }
      }
      b.append('\n');
      out.append(b); // thread by thread: the whole summary of a long -a run is 100+ MB of text
      b.setLength(0);
    }
    if (lost > 0) {
      b.append(" LOST ").append(lost).append(" events!\n\n");
    }
    if (lostCalls > 0) {
      b.append(" LOST ").append(lostCalls).append(" calls!\n\n");
    }
    out.append(b);
    out.flush();
  }
}
