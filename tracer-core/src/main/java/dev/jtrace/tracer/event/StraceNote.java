package dev.jtrace.tracer.event;

/** A line strace prints between the calls: a signal taken, a process's end. */
public sealed interface StraceNote permits SignalInfo, ProcessEnd {
  /** The note as strace words it ({@code --- SIGUSR1 {…} ---}, {@code +++ exited with 3 +++}). */
  void appendStrace(StringBuilder sb);
}
