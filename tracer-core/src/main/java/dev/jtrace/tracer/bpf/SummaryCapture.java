package dev.jtrace.tracer.bpf;

import dev.jtrace.tracer.btf.Btf;
import dev.jtrace.tracer.btf.BtfException;
import dev.jtrace.tracer.perf.NativeCalls;
import dev.jtrace.tracer.perf.OnlineCpus;
import dev.jtrace.tracer.perf.PerfEvent;
import dev.jtrace.tracer.perf.PerfException;
import dev.jtrace.tracer.perf.Tracefs;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;

/**
 * The exact summary (-s) in the kernel: {@link SummaryPrograms} on raw_syscalls sys_enter/sys_exit
 * add every call of the traced threads to a bounded hash of (thread, syscall) stats, and failed
 * calls to (thread, syscall, errno) counts; nothing crosses to user space per call, so nothing is
 * lost to a full ring. A thread is keyed by tid and task start time: its stats outlive it and a tid
 * reused later is a new thread. What a full map could not keep is counted ({@link #counters}) for
 * the report to say.
 *
 * <p>The task filter (traced, excluded, traced from exec), the fork following and the scheduler
 * tracepoints are the paired capture's ({@link PairedPrograms} values, {@link TaskTracepoints}).
 */
public final class SummaryCapture implements AutoCloseable {
  private static final int MAX_THREADS = 1 << 16;

  /** A compat (32-bit) call's key: its number plus this. */
  public static final int COMPAT_KEY = SummaryLayout.COMPAT_KEY;

  private static final int POSSIBLE_CPUS = OnlineCpus.possible();

  private final List<Integer> fds = new ArrayList<>();
  private final List<PerfEvent> events = new ArrayList<>();
  private final List<Integer> links = new ArrayList<>();
  private final Settings settings;
  private int tids;
  private int info;
  private int stats;
  private int errnos = -1;
  private int unsummed;
  private int enterProg;
  private int exitProg;

  /**
   * How the summary is set up; see {@link #builder}.
   *
   * @param allTasks every task but the excluded ones (system-wide), else the traced ones
   * @param followForks a traced thread's children are traced too
   * @param anchorCpu the CPU the scheduler tracepoints' anchor events are opened on
   * @param compatStatus thread_info.status's offset in task_struct, or -1 (no compat key)
   * @param captured the syscalls summarized, or null for every one
   * @param histogram keep a log2 latency histogram per (thread, syscall)
   * @param errnos count failed calls per errno
   * @param maxEntries the bound of the stats map (and of the errno and thread maps)
   * @param execveNr the native execve's number (a command's exec is counted), or -1
   * @param sigreturnKeys the sigreturn calls' keys (native rt_sigreturn, compat ones with the
   *     compat key): their exits read no syscall number, so they are found among these
   */
  public record Settings(
      boolean allTasks,
      boolean followForks,
      int anchorCpu,
      int compatStatus,
      IntPredicate captured,
      boolean histogram,
      boolean errnos,
      int maxEntries,
      int execveNr,
      int[] sigreturnKeys) {}

  public static Builder builder() {
    return new Builder();
  }

  /** Settings start as a command's summary: its children followed, every syscall. */
  public static final class Builder {
    private boolean allTasks;
    private boolean followForks = true;
    private int anchorCpu;
    private int compatStatus = -1;
    private IntPredicate captured;
    private boolean histogram;
    private boolean errnos;
    private int maxEntries = DEFAULT_MAX_ENTRIES;
    private int execveNr = -1;
    private int[] sigreturnKeys = {};

    public Builder allTasks(boolean v) {
      allTasks = v;
      return this;
    }

    public Builder followForks(boolean v) {
      followForks = v;
      return this;
    }

    public Builder anchorCpu(int v) {
      anchorCpu = v;
      return this;
    }

    public Builder compatStatus(int v) {
      compatStatus = v;
      return this;
    }

    public Builder captured(IntPredicate v) {
      captured = v;
      return this;
    }

    public Builder histogram(boolean v) {
      histogram = v;
      return this;
    }

    public Builder errnos(boolean v) {
      errnos = v;
      return this;
    }

    public Builder maxEntries(int v) {
      maxEntries = v;
      return this;
    }

    public Builder execveNr(int v) {
      execveNr = v;
      return this;
    }

    public Builder sigreturnKeys(int... v) {
      sigreturnKeys = v.clone();
      return this;
    }

    public Settings build() {
      return new Settings(
          allTasks,
          followForks,
          anchorCpu,
          compatStatus,
          captured,
          histogram,
          errnos,
          maxEntries,
          execveNr,
          sigreturnKeys.clone());
    }
  }

  /**
   * (thread, syscall) entries kept by default: half a million, a 2-minute -a soak's worth with
   * room; the kernel allocates them as they come (about 130 bytes each without histograms).
   */
  public static final int DEFAULT_MAX_ENTRIES = 1 << 19;

  private SummaryCapture(Settings settings) {
    this.settings = settings;
  }

  /**
   * Creates the maps and loads every program, reading task_struct's member offsets from the
   * kernel's BTF; {@link #start} attaches the syscall programs.
   */
  public static SummaryCapture open(Tracefs tracefs, Settings settings) throws PerfException {
    SummaryCapture c = new SummaryCapture(settings);
    try {
      c.load(tracefs, offsets(settings.compatStatus()));
      return c;
    } catch (PerfException | RuntimeException e) {
      c.close();
      throw e;
    }
  }

  private static SummaryPrograms.TaskOffsets offsets(int compatStatus) throws PerfException {
    try {
      Btf btf = Btf.read(Btf.VMLINUX);
      return new SummaryPrograms.TaskOffsets(
          btf.memberOffset("task_struct", "start_time"),
          btf.memberOffset("task_struct", "group_leader"),
          compatStatus,
          syscallNrOffset(btf));
    } catch (IOException | BtfException e) {
      throw new PerfException(
          "no task_struct layout from " + Btf.VMLINUX + ": " + e.getMessage(), 0);
    }
  }

  /** pt_regs' syscall number: x86's orig_ax, arm64's syscallno. */
  private static int syscallNrOffset(Btf btf) throws BtfException {
    try {
      return btf.memberOffset("pt_regs", "orig_ax");
    } catch (BtfException e) {
      return btf.memberOffset("pt_regs", "syscallno");
    }
  }

  private int track(int fd) {
    fds.add(fd);
    return fd;
  }

  private void load(Tracefs tracefs, SummaryPrograms.TaskOffsets offsets) throws PerfException {
    int bound = settings.maxEntries();
    int statsSize = SummaryLayout.statsSize(settings.histogram());
    int syscalls = track(Bpf.createMap(Bpf.MAP_ARRAY, 4, 4, ContentPlan.MAX_SYSCALL));
    tids = track(Bpf.createMap(Bpf.MAP_HASH, 4, 4, MAX_THREADS, Bpf.NO_PREALLOC));
    info =
        track(
            Bpf.createMap(
                Bpf.MAP_HASH,
                SummaryLayout.KEY_SIZE,
                SummaryLayout.INFO_SIZE,
                bound,
                Bpf.NO_PREALLOC));
    stats =
        track(
            Bpf.createMap(Bpf.MAP_HASH, SummaryLayout.KEY_SIZE, statsSize, bound, Bpf.NO_PREALLOC));
    int template = track(Bpf.createMap(Bpf.MAP_ARRAY, 4, statsSize, 1));
    if (settings.errnos()) {
      errnos =
          track(
              Bpf.createMap(Bpf.MAP_HASH, SummaryLayout.ERRNO_KEY_SIZE, 8, bound, Bpf.NO_PREALLOC));
    }
    unsummed = track(Bpf.createMap(Bpf.MAP_PERCPU_ARRAY, 4, 8, SummaryLayout.COUNTERS));
    IntPredicate captured = settings.captured();
    if (captured != null) {
      for (int nr = 0; nr < ContentPlan.MAX_SYSCALL; nr++) {
        if (captured.test(nr)) {
          Bpf.updateU32(syscalls, nr, 1);
        }
      }
    }
    SummaryPrograms programs =
        new SummaryPrograms(
            new SummaryPrograms.Maps(syscalls, tids, info, stats, template, errnos, unsummed),
            offsets,
            settings.allTasks(),
            captured == null,
            settings.histogram(),
            settings.execveNr(),
            settings.sigreturnKeys());
    enterProg = track(Bpf.loadProgram(Bpf.PROG_RAW_TRACEPOINT, programs.enter(), "jtrace_s_enter"));
    exitProg = track(Bpf.loadProgram(Bpf.PROG_RAW_TRACEPOINT, programs.exit(), "jtrace_s_exit"));
    attach(tracefs, "sched_process_exit", programs.taskExit(), "jtrace_s_end");
    if (!settings.allTasks() && settings.followForks()) {
      attach(
          tracefs,
          "sched_process_fork",
          TaskTracepoints.forkFollower(tracefs, tids, PairedPrograms.TRACED),
          "jtrace_s_forks");
    }
    attach(tracefs, "sched_process_exec", programs.taskExec(), "jtrace_s_execs");
  }

  private void attach(Tracefs tracefs, String tracepoint, long[] program, String name)
      throws PerfException {
    int prog = track(Bpf.loadProgram(Bpf.PROG_TRACEPOINT, program, name));
    events.add(
        TaskTracepoints.attach(
            tracefs.eventId("sched", tracepoint), prog, settings.anchorCpu(), tracepoint));
  }

  /** Summarizes this thread's calls (and, through fork, its descendants'). */
  public void trace(int tid) throws PerfException {
    Bpf.updateU32(tids, tid, PairedPrograms.TRACED);
  }

  /** Summarizes this thread's calls from its next exec on (a command started stopped). */
  public void traceFromExec(int tid) throws PerfException {
    Bpf.updateU32(tids, tid, PairedPrograms.TRACED_AFTER_EXEC);
  }

  /** Never summarizes this thread (system-wide: jtrace itself). */
  public void exclude(int tid) throws PerfException {
    Bpf.updateU32(tids, tid, PairedPrograms.EXCLUDED);
  }

  /** Attaches the syscall programs: from now on calls are summed. */
  public void start() throws PerfException {
    if (links.isEmpty()) {
      links.add(Bpf.attachRawTracepoint("sys_enter", enterProg));
      links.add(Bpf.attachRawTracepoint("sys_exit", exitProg));
    }
  }

  /** Detaches the syscall programs; the maps stay readable. */
  public void stop() {
    for (int fd : links) {
      NativeCalls.close(fd);
    }
    links.clear();
  }

  /** A thread as the kernel named it: its tid and start time, pid, leader, cgroup and comm. */
  public record ThreadInfo(
      int tid, long startTime, int pid, long leaderStartTime, long cgroupId, String comm) {}

  /** One (thread, syscall)'s stats; histogram is null without --histogram. */
  public record Stats(
      int tid,
      long startTime,
      int syscallKey,
      long calls,
      long errors,
      long totalNs,
      long minNs,
      long maxNs,
      long squaresLow,
      long squaresHigh,
      long[] histogram) {}

  /** One (thread, syscall, errno)'s count of failures. */
  public record ErrnoCount(int tid, long startTime, int syscallKey, int errno, long count) {}

  /** Receives the maps' contents, entry by entry. */
  public interface Visitor {
    void thread(ThreadInfo t);

    void stats(Stats s);

    void errno(ErrnoCount e);
  }

  /**
   * Hands every thread info, then every stats entry, then every errno count to the visitor, one at
   * a time (the maps can hold hundreds of thousands: nothing is gathered here).
   */
  public void read(Visitor visitor) throws PerfException {
    int statsSize = SummaryLayout.statsSize(settings.histogram());
    eachEntry(
        info,
        SummaryLayout.KEY_SIZE,
        SummaryLayout.INFO_SIZE,
        (k, v) ->
            visitor.thread(
                new ThreadInfo(
                    k.get(ValueLayout.JAVA_INT, SummaryLayout.KEY_TID),
                    k.get(ValueLayout.JAVA_LONG, SummaryLayout.KEY_START),
                    v.get(ValueLayout.JAVA_INT, SummaryLayout.INFO_PID),
                    v.get(ValueLayout.JAVA_LONG, SummaryLayout.INFO_LEADER_START),
                    v.get(ValueLayout.JAVA_LONG, SummaryLayout.INFO_CGROUP),
                    comm(v))));
    eachEntry(
        stats,
        SummaryLayout.KEY_SIZE,
        statsSize,
        (k, v) -> {
          if (v.get(ValueLayout.JAVA_LONG, SummaryLayout.CALLS) == 0) {
            return; // a call entered and never returned (exit_group): nothing summed
          }
          long[] histogram = null;
          if (settings.histogram()) {
            histogram = new long[SummaryLayout.BUCKETS];
            MemorySegment.copy(
                v,
                ValueLayout.JAVA_LONG,
                SummaryLayout.HISTOGRAM,
                histogram,
                0,
                SummaryLayout.BUCKETS);
          }
          visitor.stats(
              new Stats(
                  k.get(ValueLayout.JAVA_INT, SummaryLayout.KEY_TID),
                  k.get(ValueLayout.JAVA_LONG, SummaryLayout.KEY_START),
                  k.get(ValueLayout.JAVA_INT, SummaryLayout.KEY_SYSCALL),
                  v.get(ValueLayout.JAVA_LONG, SummaryLayout.CALLS),
                  v.get(ValueLayout.JAVA_LONG, SummaryLayout.ERRORS),
                  v.get(ValueLayout.JAVA_LONG, SummaryLayout.TOTAL),
                  v.get(ValueLayout.JAVA_LONG, SummaryLayout.MIN),
                  v.get(ValueLayout.JAVA_LONG, SummaryLayout.MAX),
                  v.get(ValueLayout.JAVA_LONG, SummaryLayout.SQUARES_LOW),
                  v.get(ValueLayout.JAVA_LONG, SummaryLayout.SQUARES_HIGH),
                  histogram));
        });
    if (errnos < 0) {
      return;
    }
    eachEntry(
        errnos,
        SummaryLayout.ERRNO_KEY_SIZE,
        8,
        (k, v) ->
            visitor.errno(
                new ErrnoCount(
                    k.get(ValueLayout.JAVA_INT, SummaryLayout.KEY_TID),
                    k.get(ValueLayout.JAVA_LONG, SummaryLayout.KEY_START),
                    k.get(ValueLayout.JAVA_INT, SummaryLayout.KEY_SYSCALL),
                    k.get(ValueLayout.JAVA_INT, SummaryLayout.ERRNO_KEY_ERRNO),
                    v.get(ValueLayout.JAVA_LONG, 0))));
  }

  /** Entries read per BPF_MAP_LOOKUP_BATCH call. */
  private static final int BATCH = 4096;

  private static final int ENOSPC = 28;

  /**
   * Hands each entry of a hash map (keys of keySize bytes, values of valueSize, a multiple of 8) to
   * the visitor: thousands per bpf(2) call with BPF_MAP_LOOKUP_BATCH, else (a kernel before 5.6)
   * one get_next_key and one lookup per entry. The segments are reused for the next entries.
   */
  private static void eachEntry(
      int map,
      int keySize,
      int valueSize,
      java.util.function.BiConsumer<MemorySegment, MemorySegment> visitor)
      throws PerfException {
    try (Arena a = Arena.ofConfined()) {
      int capacity = BATCH;
      MemorySegment keys = a.allocate((long) keySize * capacity, 8);
      MemorySegment values = a.allocate((long) valueSize * capacity, 8);
      MemorySegment position = a.allocate(8, 8);
      MemorySegment next = a.allocate(8, 8);
      boolean first = true;
      while (true) {
        Bpf.Batch batch;
        try {
          batch = Bpf.lookupBatch(map, first ? null : position, next, keys, values, capacity);
        } catch (PerfException e) {
          if (e.errno() == ENOSPC) { // one bucket holds more than a batch: a larger one
            capacity *= 2;
            keys = a.allocate((long) keySize * capacity, 8);
            values = a.allocate((long) valueSize * capacity, 8);
            continue;
          }
          if (first) {
            eachEntryByKey(map, keySize, valueSize, visitor);
            return;
          }
          throw e;
        }
        for (int i = 0; i < batch.count(); i++) {
          visitor.accept(
              keys.asSlice((long) i * keySize, keySize),
              values.asSlice((long) i * valueSize, valueSize));
        }
        if (batch.last()) {
          return;
        }
        MemorySegment.copy(next, 0, position, 0, 8);
        first = false;
      }
    }
  }

  /** As {@link #eachEntry}, one entry at a time: where the kernel has no batched lookup. */
  private static void eachEntryByKey(
      int map,
      int keySize,
      int valueSize,
      java.util.function.BiConsumer<MemorySegment, MemorySegment> visitor)
      throws PerfException {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment key = a.allocate(keySize, 8);
      MemorySegment next = a.allocate(keySize, 8);
      MemorySegment value = a.allocate(valueSize, 8);
      for (boolean first = true; Bpf.nextKey(map, first ? null : key, next); first = false) {
        MemorySegment.copy(next, 0, key, 0, keySize);
        if (Bpf.lookup(map, next, value)) {
          visitor.accept(next, value);
        }
      }
    }
  }

  private static String comm(MemorySegment value) {
    byte[] b = new byte[SummaryLayout.COMM_SIZE];
    MemorySegment.copy(
        value, ValueLayout.JAVA_BYTE, SummaryLayout.INFO_COMM, b, 0, SummaryLayout.COMM_SIZE);
    int n = 0;
    while (n < b.length && b[n] != 0) {
      n++;
    }
    return new String(b, 0, n, StandardCharsets.UTF_8);
  }

  /** What the full maps could not keep, summed over the CPUs. */
  public record Counters(long unsummedCalls, long uncountedErrnos, long unnamedThreads) {
    public boolean any() {
      return unsummedCalls + uncountedErrnos + unnamedThreads > 0;
    }
  }

  public Counters counters() throws PerfException {
    long[] sums = new long[SummaryLayout.COUNTERS];
    try (Arena a = Arena.ofConfined()) {
      MemorySegment key = a.allocate(4);
      MemorySegment perCpu = a.allocate(8L * POSSIBLE_CPUS, 8);
      for (int i = 0; i < sums.length; i++) {
        key.set(ValueLayout.JAVA_INT, 0, i);
        if (Bpf.lookup(unsummed, key, perCpu)) {
          for (int c = 0; c < POSSIBLE_CPUS; c++) {
            sums[i] += perCpu.getAtIndex(ValueLayout.JAVA_LONG, c);
          }
        }
      }
    }
    return new Counters(
        sums[SummaryLayout.UNSUMMED_CALLS],
        sums[SummaryLayout.UNCOUNTED_ERRNOS],
        sums[SummaryLayout.UNNAMED_THREADS]);
  }

  @Override
  public void close() {
    stop();
    PerfEvent.closeAll(events);
    events.clear();
    for (int fd : fds) {
      NativeCalls.close(fd);
    }
    fds.clear();
  }
}
