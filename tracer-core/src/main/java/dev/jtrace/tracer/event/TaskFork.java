package dev.jtrace.tracer.event;

/** A new task: a process when {@code pid != ppid}, else a thread of pid. */
public record TaskFork(long time, int cpu, int pid, int ppid, int tid, int ptid)
    implements TraceRecord {
  public boolean newProcess() {
    return pid != ppid;
  }
}
