package dev.jtrace.perfdata.script;

import dev.jtrace.perfdata.read.CommRecord;
import dev.jtrace.perfdata.read.PerfRecord;
import dev.jtrace.perfdata.read.TaskRecord;
import java.util.HashMap;
import java.util.Map;

/**
 * The name of each thread as of the record being processed, kept up to date from COMM and FORK
 * records.
 */
public final class ThreadNames {
  private final Map<Integer, String> comms = new HashMap<>();

  /** Applies a side-band record (others are ignored). */
  public void update(PerfRecord r) {
    if (r instanceof CommRecord c) {
      comms.put(c.tid(), c.comm());
    } else if (r instanceof TaskRecord t && t.fork()) {
      String parent = comms.get(t.ptid());
      if (parent != null) comms.putIfAbsent(t.tid(), parent);
    }
  }

  /** The thread's name, or perf's {@code :tid} when no COMM named it. */
  public String comm(int tid) {
    String c = comms.get(tid);
    if (c != null) return c;
    return tid == 0 ? "swapper" : ":" + tid;
  }

  /** The name, or null when unknown. */
  public String known(int tid) {
    return comms.get(tid);
  }
}
