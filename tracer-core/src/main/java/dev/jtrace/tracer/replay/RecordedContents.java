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
 * copies is held, and everything after it with it, until its copy comes: right after its return in
 * the file's time. It goes on without a copy when the copy does not come within {@link
 * #AFTER_RETURN_NS} of the return (its record was lost) or the call was in flight longer than
 * {@link #HOLD_NS} (a blocked call: its line is then made without its memory, as other lines cannot
 * wait on it).
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
    boolean waiting;
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
            && h.record instanceof SyscallEnter e
            && e.nr() == p.nr()
            && Math.abs(e.time() - p.enterTime()) < SAME_ENTRY_NS
            && p.kind() != PairedSyscall.Kind.NO_ENTRY) {
          h.record = e.withContents(p.contents(), p.compat(), p.cgroup());
          h.waiting = false;
          waitingByTid.remove(p.tid());
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
        if (h != null) {
          h.returned = x.time();
        }
        hold(t);
      }
      default -> hold(t);
    }
    release(t.time());
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
        h.waiting = false;
        if (h.record instanceof SyscallEnter e && waitingByTid.get(e.tid()) == h) {
          waitingByTid.remove(e.tid());
        }
      }
      queue.poll();
      sink.process(h.record);
    }
  }

  /** Hands on everything held (the file ended). */
  void finish() throws IOException {
    release(Long.MAX_VALUE);
  }
}
