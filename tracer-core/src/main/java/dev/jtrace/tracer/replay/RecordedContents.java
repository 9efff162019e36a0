package dev.jtrace.tracer.replay;

import dev.jtrace.tracer.bpf.ContentPlan;
import dev.jtrace.tracer.event.PairedSyscall;
import dev.jtrace.tracer.event.SyscallEnter;
import dev.jtrace.tracer.event.SyscallExit;
import dev.jtrace.tracer.event.TraceRecord;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Joins the copies {@code jtrace record} made of each call's memory ({@code jtrace:paired} samples,
 * stamped with the call's return) to the call's own tracepoint samples, so that a replay prints
 * what the live trace printed. A call's line is made from its entry, so an entry whose syscall has
 * copies is held, and everything after it with it, until its return and its copy have come: both
 * are then handed on together at the entry's place, as the live trace orders a call its capture
 * joined by its entry. So what came in between (another task's calls, this task's exec COMM) comes
 * after the call: the line is whole, not cut by the others into {@code ...} and {@code ...
 * [continued]}, and it names the task as it was when it made the call. It goes on without a copy
 * when the copy does not come within {@link #AFTER_RETURN_NS} of the return (its record was lost),
 * or the call was in flight longer than {@link #HOLD_NS} (a blocked call: its line is then made
 * without its memory, as other lines cannot wait on it, and its return comes in its own place).
 */
final class RecordedContents {
  /** How long past a held call's return its copy may come (the two are stamped in one probe). */
  static final long AFTER_RETURN_NS = 10_000_000L;

  /** How long an entry is held for its copy. */
  static final long HOLD_NS = 1_000_000_000L;

  /** How far apart an entry's sample and its copy's entry time may be (stamped in one probe). */
  private static final long SAME_ENTRY_NS = 1_000_000L;

  /** Where released records go. */
  interface Sink {
    void process(TraceRecord r) throws IOException;
  }

  private static final class Held {
    TraceRecord record;

    /** The held entry's return, handed on right behind it; null: not come (yet). */
    SyscallExit exit;

    /** Whether the held entry has its copy. */
    boolean joined;

    boolean waiting;

    /** When its return or its copy came, whichever first; -1: neither yet. */
    long returned = -1;

    Held(TraceRecord record, boolean waiting) {
      this.record = record;
      this.waiting = waiting;
    }
  }

  private final ContentPlan plan;
  private final Sink sink;
  private final ArrayDeque<Held> queue = new ArrayDeque<>();
  private final Map<Integer, Held> waitingByTid = new HashMap<>();

  RecordedContents(ContentPlan plan, Sink sink) {
    this.plan = plan;
    this.sink = sink;
  }

  /** Whether the recording copied memory for calls of number nr (of either ABI). */
  private boolean copies(int nr) {
    return !plan.specs(nr).isEmpty() || !plan.specs(nr, true).isEmpty();
  }

  void process(TraceRecord t) throws IOException {
    switch (t) {
      case PairedSyscall p -> {
        Held h = waitingByTid.get(p.tid());
        if (h != null
            && !h.joined
            && h.record instanceof SyscallEnter e
            && e.nr() == p.nr()
            && Math.abs(e.time() - p.enterTime()) < SAME_ENTRY_NS
            && p.kind() != PairedSyscall.Kind.NO_ENTRY) {
          h.record = e.withContents(p.contents(), p.compat(), p.cgroup());
          h.joined = true;
          if (h.returned < 0) h.returned = p.time();
          if (h.exit != null || p.kind() != PairedSyscall.Kind.COMPLETE) {
            // complete, or a call that never returned (the task ended inside it)
            done(h);
          }
        }
        release(p.time());
        return;
      }
      case SyscallEnter e when copies(e.nr()) -> {
        Held h = new Held(e, true);
        Held older = waitingByTid.put(e.tid(), h);
        if (older != null) {
          older.waiting = false; // its return and copy were lost
        }
        queue.add(h);
      }
      case SyscallExit x -> {
        Held h = waitingByTid.get(x.tid());
        if (h != null && h.exit == null && h.record instanceof SyscallEnter e && e.nr() == x.nr()) {
          h.exit = x; // goes on with its entry
          if (h.returned < 0 || h.returned > x.time()) h.returned = x.time();
          if (h.joined) done(h);
        } else {
          if (h != null) done(h); // a return of another call: this one's was lost
          hold(t);
        }
      }
      default -> hold(t);
    }
    release(t.time());
  }

  /** The held call waits no more. */
  private void done(Held h) {
    h.waiting = false;
    if (h.record instanceof SyscallEnter e && waitingByTid.get(e.tid()) == h) {
      waitingByTid.remove(e.tid());
    }
  }

  private void hold(TraceRecord t) throws IOException {
    if (queue.isEmpty()) {
      sink.process(t);
    } else {
      queue.add(new Held(t, false));
    }
  }

  /** Hands on what no longer waits, up to the first entry that still may, as of time now. */
  private void release(long now) throws IOException {
    while (!queue.isEmpty()) {
      Held h = queue.peek();
      if (h.waiting) {
        boolean lost = h.returned >= 0 && now - h.returned > AFTER_RETURN_NS;
        if (!lost && now - h.record.time() <= HOLD_NS) {
          return;
        }
        done(h);
      }
      queue.poll();
      sink.process(h.record);
      if (h.exit != null) sink.process(h.exit);
    }
  }

  /** Hands on everything held (the file ended). */
  void finish() throws IOException {
    release(Long.MAX_VALUE);
  }
}
