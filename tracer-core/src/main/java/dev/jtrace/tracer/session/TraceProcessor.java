package dev.jtrace.tracer.session;

import dev.jtrace.beauty.SyscallBeautifier;
import dev.jtrace.symbols.Symbolizer;
import dev.jtrace.tracer.event.BpfOutput;
import dev.jtrace.tracer.event.CompatAbi;
import dev.jtrace.tracer.event.CompatEntry;
import dev.jtrace.tracer.event.Lost;
import dev.jtrace.tracer.event.PageFault;
import dev.jtrace.tracer.event.PairedSyscall;
import dev.jtrace.tracer.event.SyscallEnter;
import dev.jtrace.tracer.event.SyscallEvent;
import dev.jtrace.tracer.event.SyscallExit;
import dev.jtrace.tracer.event.SyscallString;
import dev.jtrace.tracer.event.TaskComm;
import dev.jtrace.tracer.event.TaskExit;
import dev.jtrace.tracer.event.TaskFork;
import dev.jtrace.tracer.event.TaskMmap;
import dev.jtrace.tracer.event.TraceRecord;
import dev.jtrace.tracer.event.TracepointSample;
import dev.jtrace.tracer.output.TimeBase;
import dev.jtrace.tracer.output.TraceOutput;
import dev.jtrace.tracer.select.SyscallSelection;
import dev.jtrace.tracer.state.FdTable;
import dev.jtrace.tracer.state.IntMap;
import dev.jtrace.tracer.state.ThreadTable;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.IntFunction;
import java.util.function.IntPredicate;
import java.util.function.Predicate;

/**
 * Consumes the time-ordered records: keeps the thread and fd tables current, joins each entry with
 * its return, and hands the results to the outputs. Single-threaded.
 */
public final class TraceProcessor {
  private final ThreadTable threads;
  private final FdTable fds;
  private final SyscallSelection.Selection selection;
  private final IntPredicate noReturn;
  private final List<TraceOutput> outputs;
  private final TimeBase base;
  private final Predicate<SyscallEvent> counted;
  private final long maxEvents;
  private final IntMap<SyscallEnter> pending = new IntMap<>();

  /** Strings captured in the kernel for a thread's next entry: they precede it in time order. */
  private final IntMap<SyscallString> strings = new IntMap<>();

  private final IntMap<SyscallString> secondStrings = new IntMap<>();

  /** Compat marks the kernel emitted for a thread's next entry: they precede it in time order. */
  private final IntMap<CompatEntry> compatEntries = new IntMap<>();

  /** How compat calls map onto the native ABI (selection, fd table), or null: none expected. */
  private CompatAbi compat;

  /** Whether any compat mark came: until one does, returns need no look at their entry's ABI. */
  private boolean compatSeen;

  /** Per syscall number, the arguments whose strings the kernel copies (null: none). */
  private int[][] stringArgs = new int[0][];

  /** -P: only calls touching these paths, or null. */
  private PathTrace paths;

  /** Entries -P hid, by thread: their returns are not printed either. */
  private final IntMap<SyscallEnter> hidden = new IntMap<>();

  /** strace's signal and exit lines, or null when they are off. */
  private SignalsAndExits signals;

  private Set<String> printedTracepoints = Set.of();

  private long events;
  private long lost;
  private long lostCalls;
  private long lostStrings;

  /**
   * Per process, the latest return time of an fd-changing call applied: an older one came out of
   * order.
   */
  private final IntMap<long[]> latestFdChange = new IntMap<>();

  /**
   * @param selection the syscalls to keep (null: all); the kernel filter normally did this already
   * @param noReturn syscalls that never return (exit, exit_group)
   * @param counted which completed calls count toward maxEvents (those printed)
   * @param maxEvents stop after this many counted events (≤ 0: no limit)
   */
  public TraceProcessor(
      ThreadTable threads,
      FdTable fds,
      SyscallSelection.Selection selection,
      IntPredicate noReturn,
      List<TraceOutput> outputs,
      TimeBase base,
      Predicate<SyscallEvent> counted,
      long maxEvents) {
    this.threads = threads;
    this.fds = fds;
    this.selection = selection;
    this.noReturn = noReturn;
    this.outputs = outputs;
    this.base = base;
    this.counted = counted;
    this.maxEvents = maxEvents;
  }

  /** Prints only the calls that touch these paths (-P); null: all. */
  public void tracePaths(PathTrace p) {
    paths = p;
  }

  /** Whether --max-events is reached. */
  public boolean done() {
    return maxEvents > 0 && events >= maxEvents;
  }

  public long lost() {
    return lost;
  }

  /** Whole calls the paired capture lost (its ring had no room). */
  public long lostCalls() {
    return lostCalls;
  }

  /** How many strings the kernel copied whose records were lost before their entry was printed. */
  public long lostStrings() {
    return lostStrings;
  }

  /**
   * Expects a string record before each entry of these syscalls, for these arguments (the live
   * capture's map): an entry without one lost its string.
   */
  public void expectStrings(Map<Integer, int[]> argsBySyscall) {
    int max = argsBySyscall.keySet().stream().mapToInt(Integer::intValue).max().orElse(-1);
    int[][] byNr = new int[max + 1][];
    argsBySyscall.forEach(
        (nr, idx) -> {
          if (nr >= 0) {
            byNr[nr] = idx.clone();
          }
        });
    stringArgs = byNr;
  }

  /**
   * Prints strace's signal and exit lines ({@code --- SIGUSR1 {…} ---}, {@code +++ exited with 3
   * +++}) from the signal tracepoints, exit calls and task ends; the signal tracepoints print as
   * lines of their own only when -e named them.
   *
   * @param printed the tracepoints -e named ({@code system:name})
   * @param commandStatus the traced command's status by pid once it ended (128+N: signal N)
   */
  public void signalLines(
      SyscallBeautifier beautifier, Set<String> printed, IntFunction<OptionalInt> commandStatus) {
    signals = new SignalsAndExits(beautifier, outputs);
    signals.commandStatus(commandStatus);
    printedTracepoints = Set.copyOf(printed);
  }

  /**
   * Adds each thread's time on CPU from sched:sched_stat_runtime to the outputs (perf trace's
   * --sched); the event prints as a line of its own only when -e named it.
   *
   * @param printed the tracepoints -e named ({@code system:name})
   */
  public void accrueRuntime(Set<String> printed) {
    runtimeAccrued = true;
    runtimePrinted = printed.contains(SCHED_STAT_RUNTIME);
  }

  /** The tracepoint --sched reads. */
  public static final String SCHED_STAT_RUNTIME = "sched:sched_stat_runtime";

  private boolean runtimeAccrued;
  private boolean runtimePrinted;

  /**
   * Keeps the symbolizer's mappings current from the exec, fork and mmap records, in time order: a
   * stack or a fault is named by the mappings of its moment.
   */
  public void followMappings(Symbolizer symbolizer) {
    this.mappings = symbolizer;
  }

  private Symbolizer mappings;

  /** Decodes the calls marked compat by the compat ABI's numbering (selection, no-return, fds). */
  public void decodeCompat(CompatAbi abi) {
    this.compat = abi;
  }

  /**
   * These syscalls' entries are dropped in the kernel by an eBPF object's program (it returned 0 on
   * their syscalls:sys_enter tracepoint): a return of one with no entry seen is dropped too.
   */
  public void entriesFilteredInKernel(java.util.Set<Integer> nrs) {
    entriesFiltered = new java.util.BitSet();
    nrs.forEach(entriesFiltered::set);
  }

  /**
   * Prints eBPF objects' output only from these processes and the ones they fork: a program runs on
   * every task that hits its tracepoint, the targets' side-band records say which are theirs.
   */
  public void outputsOnlyOf(java.util.Collection<Integer> pids) {
    outputPids = new java.util.HashSet<>(pids);
  }

  /** See {@link #outputsOnlyOf}; null: every task's output (system-wide). */
  private java.util.Set<Integer> outputPids;

  /** See {@link #entriesFilteredInKernel}; null when no program filters entries. */
  private java.util.BitSet entriesFiltered;

  public void process(TraceRecord r) throws IOException {
    if (done()) {
      return;
    }
    switch (r) {
      case SyscallEnter e -> enter(e);
      case SyscallExit x -> exit(x);
      case PairedSyscall p -> paired(p);
      case SyscallString str -> {
        SyscallString first = strings.putIfAbsent(str.tid(), str);
        if (first != null && first.nr() == str.nr() && first.argIndex() != str.argIndex()) {
          secondStrings.put(str.tid(), str);
        } else if (first != null) {
          strings.put(str.tid(), str); // a stale one whose entry was lost or filtered: replace it
          secondStrings.remove(str.tid());
        }
      }
      case CompatEntry c -> {
        compatSeen = true;
        compatEntries.put(c.tid(), c);
      }
      case TaskComm c -> {
        threads.comm(c.pid(), c.tid(), c.comm());
        if (mappings != null && c.exec() && c.pid() == c.tid()) {
          mappings.exec(c.pid());
        }
        if (outputPids != null) {
          outputPids.add(c.pid());
        }
      }
      case TaskFork f -> {
        if (outputPids != null) {
          outputPids.add(f.pid());
        }
        threads.fork(f.pid(), f.tid(), f.ptid());
        if (f.newProcess()) {
          fds.fork(f.ppid(), f.pid());
          if (mappings != null) {
            mappings.fork(f.ppid(), f.pid());
          }
        }
      }
      case TaskMmap m -> {
        if (mappings != null) {
          mappings.mmap(m.pid(), m.start(), m.length(), m.pgoff(), m.path(), m.key());
        }
      }
      case TaskExit x -> {
        SyscallEnter e = pending.remove(x.tid());
        if (e != null) {
          // The task ended inside the call (exit_group, or killed): it will never return.
          emit(neverReturned(e));
        }
        if (x.tid() == x.pid()) {
          fds.exit(x.pid());
          latestFdChange.remove(x.pid());
          if (mappings != null) {
            mappings.exit(x.pid());
          }
        }
        if (signals != null) {
          signals.exited(x);
        }
        String comm = threads.comm(x.tid());
        for (TraceOutput o : outputs) {
          o.exited(x.tid(), comm);
        }
        // Under -a thousands of short-lived tasks come and go: nothing of theirs is kept.
        threads.exit(x.tid());
        strings.remove(x.tid());
        secondStrings.remove(x.tid());
        hidden.remove(x.tid());
      }
      case TracepointSample t -> {
        base.observe(t.time());
        if (runtimeAccrued && t.name().equals(SCHED_STAT_RUNTIME)) {
          long ns = t.payload().number("runtime");
          for (TraceOutput o : outputs) {
            o.ranOnCpu(t.tid(), ns);
          }
          if (!runtimePrinted) {
            return;
          }
        }
        if (signals != null && signals.take(t) && !printedTracepoints.contains(t.name())) {
          return;
        }
        for (TraceOutput o : outputs) {
          o.tracepoint(t);
        }
      }
      case PageFault f -> {
        base.observe(f.time());
        for (TraceOutput o : outputs) {
          o.pageFault(f);
        }
      }
      case BpfOutput b -> {
        if (outputPids != null && !outputPids.contains(b.pid())) {
          return;
        }
        base.observe(b.time());
        for (TraceOutput o : outputs) {
          o.bpfOutput(b);
        }
      }
      case Lost l -> {
        if (l.calls()) {
          lostCalls += l.count();
        } else {
          lost += l.count();
        }
        fds.lost();
        if (l.count() == 0) {
          return; // a ring found full: drops may begin here, the kernel counts them later
        }
        for (TraceOutput o : outputs) {
          o.lost(l);
        }
      }
    }
  }

  private void enter(SyscallEnter e) throws IOException {
    if (compatEntries.size() != 0) {
      e = withAbi(e);
    }
    e = withCapturedStrings(e);
    if (signals != null) {
      signals.entered(e);
    }
    int nativeNr = e.compat() ? nativeNumber(e.nr()) : e.nr();
    boolean unselected = selection != null && !selection.contains(nativeNr);
    if (unselected || (paths != null && !paths.touches(e, nativeNr))) {
      if (fds.syscalls().rule(nativeNr) != null) {
        pending.put(e.tid(), e); // not printed, but its return changes the fd table
      }
      if (!unselected) {
        hidden.put(e.tid(), e);
      }
      return;
    }
    hidden.remove(e.tid());
    base.observe(e.time());
    threads.seen(e.pid(), e.tid());
    pending.put(e.tid(), e);
    for (TraceOutput o : outputs) {
      o.entered(e);
    }
    if (e.compat() ? compat != null && compat.noReturn(e.nr()) : noReturn.test(e.nr())) {
      pending.remove(e.tid());
      emit(neverReturned(e));
    }
  }

  /**
   * A call the kernel joined: entered and returned in one record, or a call in flight (printed as
   * an entry; its record comes later), or one the task never returned from. A call already entered
   * as in flight is only returned now.
   */
  private void paired(PairedSyscall p) throws IOException {
    compatSeen |= p.compat();
    SyscallEnter entered = pending.get(p.tid());
    boolean seen = entered != null && entered.time() == p.enterTime() && entered.nr() == p.nr();
    switch (p.kind()) {
      case IN_FLIGHT -> {
        if (!seen) {
          enter(p.entry());
        }
      }
      case NO_ENTRY -> exit(p.exit());
      case NO_RETURN -> {
        if (seen || p.late()) {
          // entered as in flight: its task's end (side-band) may have finished it already
          SyscallEnter e = seen ? pending.remove(p.tid()) : null;
          if (e != null
              && (selection == null || selection.contains(e.nr()))
              && !wasHidden(p.tid(), e.nr())) {
            emit(neverReturned(e));
          }
          return;
        }
        enter(p.entry()); // exit_group's entry is its end already
        SyscallEnter e = pending.get(p.tid());
        if (e != null && e.time() == p.enterTime()) {
          pending.remove(p.tid());
          if ((selection == null || selection.contains(e.nr())) && !wasHidden(p.tid(), e.nr())) {
            emit(neverReturned(e));
          }
        }
      }
      case COMPLETE -> {
        if (!seen) {
          enter(p.entry());
        }
        exit(p.exit());
      }
    }
  }

  /** Whether -P hid the thread's pending entry of syscall nr (then forgotten). */
  private boolean wasHidden(int tid, int nr) {
    if (paths == null) {
      return false;
    }
    SyscallEnter h = hidden.remove(tid);
    return h != null && h.nr() == nr;
  }

  /** The event of a call that will not return (exit_group, or its task ended inside it). */
  private static SyscallEvent neverReturned(SyscallEnter e) {
    return new SyscallEvent(
        e.time(),
        -1,
        e.pid(),
        e.tid(),
        e.cpu(),
        e.nr(),
        e.args(),
        0,
        SyscallEvent.Completion.NO_RETURN,
        e.compat());
  }

  /** The entry marked compat when the kernel said so for its thread and number. */
  private SyscallEnter withAbi(SyscallEnter e) {
    CompatEntry mark = compatEntries.remove(e.tid());
    return mark != null && mark.nr() == e.nr() ? e.asCompat() : e;
  }

  /** The native number of a compat call's syscall, or -1. */
  private int nativeNumber(int compatNr) {
    return compat == null ? -1 : compat.nativeNumber(compatNr);
  }

  private void exit(SyscallExit x) throws IOException {
    int nr = x.nr();
    if (nr < 0) {
      // rt_sigreturn's return carries nr -1 (the restored registers say "no syscall"): it finishes
      // the
      // thread's pending call, or is dropped when that entry was not seen.
      SyscallEnter pendingEntry = pending.get(x.tid());
      if (pendingEntry == null) {
        return;
      }
      nr = pendingEntry.nr();
    }
    SyscallEnter entry = compatSeen ? pending.get(x.tid()) : null;
    boolean isCompat = entry != null && entry.compat() && entry.nr() == nr;
    int nativeNr = isCompat ? nativeNumber(nr) : nr;
    if ((selection != null && !selection.contains(nativeNr))
        || wasHidden(x.tid(), nr)
        || (paths != null && pending.get(x.tid()) == null)) {
      // unselected, hidden by -P, or (-P) a return whose entry was not seen: its paths are unknown
      followFdChange(nr, nativeNr, x);
      return;
    }
    base.observe(x.time());
    threads.seen(x.pid(), x.tid());
    SyscallEnter e = pending.remove(x.tid());
    if (e != null && e.nr() != nr) {
      e = null; // a return without its entry (events were lost in between)
    }
    applyFdChange(nativeNr, x, e);
    if (e != null && e.contents() != null && x.ret() >= 0) {
      fds.received(x.pid(), e.contents().receivedFds()); // recvmsg's SCM_RIGHTS, in user memory
    }
    if (e == null && entriesFiltered != null && entriesFiltered.get(nativeNr)) {
      return; // its entry was dropped by the user's program
    }
    SyscallEvent ev =
        e == null
            ? new SyscallEvent(
                x.time(),
                -1,
                x.pid(),
                x.tid(),
                x.cpu(),
                nr,
                null,
                x.ret(),
                SyscallEvent.Completion.CONTINUED,
                false,
                x.callchain(),
                0)
            : new SyscallEvent(
                e.time(),
                x.time() - e.time(),
                x.pid(),
                x.tid(),
                x.cpu(),
                nr,
                e.args(),
                x.ret(),
                SyscallEvent.Completion.COMPLETE,
                isCompat,
                x.callchain(),
                e.cgroup());
    emit(ev);
  }

  /**
   * An unselected call that changes the fd table (the capture follows them under -e): applied, not
   * printed, so a number closed or replaced outside the selection does not keep its old name.
   *
   * @param fdNr the call's native number (the fd table's numbering)
   */
  private void followFdChange(int nr, int fdNr, SyscallExit x) {
    if (fds.syscalls().rule(fdNr) == null) {
      return;
    }
    SyscallEnter e = pending.get(x.tid());
    if (e != null && e.nr() == nr) {
      pending.remove(x.tid());
    } else {
      e = null;
    }
    applyFdChange(fdNr, x, e);
  }

  /**
   * Applies a return to the fd table in time order. One older than an fd change of its process
   * already applied came after its window (a ring read late, or a paired call that overlapped a
   * longer one): applied now it could undo a later change, so the process's fds become unknown
   * instead. Per process and fd-changing calls only: a long call of another process (a paired
   * record is handled at its entry) says nothing about this one's fds.
   */
  private void applyFdChange(int nr, SyscallExit x, SyscallEnter e) {
    if (fds.syscalls().rule(nr) == null) {
      return;
    }
    long[] latest = latestFdChange.get(x.pid());
    if (latest == null) {
      latest = new long[] {Long.MIN_VALUE};
      latestFdChange.put(x.pid(), latest);
    }
    if (x.time() < latest[0]) {
      fds.lost(x.pid());
      return;
    }
    latest[0] = x.time();
    fds.apply(x.pid(), nr, e == null ? null : e.args(), x.ret(), newFdPath(nr, x, e));
    if (e != null && e.contents() != null && x.ret() == 0) {
      fds.openedPair(x.pid(), nr, e.args(), e.contents().newFds()); // pipe's fds, in user memory
    }
  }

  /**
   * Attaches the strings the kernel captured for this entry (same thread, same syscall, same
   * pointer), and marks those it should have captured whose records were lost.
   */
  private SyscallEnter withCapturedStrings(SyscallEnter e) {
    if (stringArgs.length == 0 && strings.size() == 0 && secondStrings.size() == 0) {
      return e; // no string capture (a replay, -s, or -e without string arguments): nothing to pair
    }
    SyscallString first = strings.remove(e.tid());
    SyscallString second = secondStrings.remove(e.tid());
    boolean firstBelongs = belongs(first, e);
    boolean secondBelongs = belongs(second, e);
    int nr = e.nr();
    // The kernel copies no strings for compat calls (another ABI's numbers and layouts).
    int[] expected = !e.compat() && nr >= 0 && nr < stringArgs.length ? stringArgs[nr] : null;
    int lost = 0;
    for (int i = 0; expected != null && i < expected.length; i++) {
      int arg = expected[i];
      if (!(firstBelongs && first.argIndex() == arg)
          && !(secondBelongs && second.argIndex() == arg)
          && !(e.strings() != null && arg < e.strings().length && e.strings()[arg] != null)) {
        lost |= 1 << arg;
      }
    }
    if (lost != 0) {
      lostStrings += Integer.bitCount(lost);
    }
    // Strings the kernel copied into the event itself (6.19+) stand where BPF's are missing.
    String[] s = e.strings() == null ? null : e.strings().clone();
    if (firstBelongs && first.value() != null) {
      s = s == null ? new String[6] : s;
      s[first.argIndex()] = first.value();
    }
    if (secondBelongs && second.value() != null) {
      s = s == null ? new String[6] : s;
      s[second.argIndex()] = second.value();
    }
    return s == null && lost == 0 ? e : e.withStrings(s, lost);
  }

  /** Whether a captured string is this entry's: its argument still held the same pointer. */
  private static boolean belongs(SyscallString str, SyscallEnter e) {
    return str != null
        && str.nr() == e.nr()
        && str.argIndex() >= 0
        && str.argIndex() < e.args().length
        && str.pointer() == e.args()[str.argIndex()];
  }

  /**
   * The path of the fd an open-like call returned: the captured path when absolute (exact, as the
   * call named it), else the /proc path resolved while the fd was still that file, else the
   * captured relative path.
   */
  private String newFdPath(int nr, SyscallExit x, SyscallEnter e) {
    int arg = fds.syscalls().pathArg(nr);
    String captured = e == null || arg < 0 ? null : e.string(arg);
    if (captured != null && captured.startsWith("/")) {
      return captured;
    }
    return x.newFdPath() != null ? x.newFdPath() : captured;
  }

  private void emit(SyscallEvent ev) throws IOException {
    for (TraceOutput o : outputs) {
      o.completed(ev);
    }
    if (counted.test(ev)) {
      events++;
    }
  }

  public void flush() throws IOException {
    for (TraceOutput o : outputs) {
      o.flush();
    }
  }

  public void finish() throws IOException {
    for (TraceOutput o : outputs) {
      o.finish();
    }
  }
}
