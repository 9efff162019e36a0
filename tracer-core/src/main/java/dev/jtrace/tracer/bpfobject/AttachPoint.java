package dev.jtrace.tracer.bpfobject;

/**
 * Where a program runs, as its ELF section names it: {@code syscalls:sys_enter_openat} (perf's
 * form), {@code tracepoint/syscalls/sys_enter_openat} or {@code tp/...} (a tracepoint, program type
 * TRACEPOINT), {@code raw_tracepoint/sys_enter} or {@code raw_tp/...} (program type
 * RAW_TRACEPOINT).
 *
 * @param system the tracepoint's system (empty for a raw tracepoint)
 * @param event the tracepoint's name
 */
public record AttachPoint(Kind kind, String system, String event) {
  /** How the program attaches. */
  public enum Kind {
    /** perf_event_open on the tracepoint, then PERF_EVENT_IOC_SET_BPF. */
    TRACEPOINT,
    /** BPF_RAW_TRACEPOINT_OPEN. */
    RAW_TRACEPOINT
  }

  /** The attach point a section names, or null when the name is none jtrace knows. */
  public static AttachPoint ofSection(String section) {
    for (String prefix : new String[] {"raw_tracepoint/", "raw_tp/"}) {
      if (section.startsWith(prefix) && section.length() > prefix.length()) {
        return new AttachPoint(Kind.RAW_TRACEPOINT, "", section.substring(prefix.length()));
      }
    }
    for (String prefix : new String[] {"tracepoint/", "tp/"}) {
      if (section.startsWith(prefix)) {
        return tracepoint(section.substring(prefix.length()), '/');
      }
    }
    return section.indexOf('/') < 0 ? tracepoint(section, ':') : null;
  }

  private static AttachPoint tracepoint(String name, char separator) {
    int at = name.indexOf(separator);
    if (at <= 0 || at == name.length() - 1 || name.indexOf(separator, at + 1) >= 0) {
      return null;
    }
    return new AttachPoint(Kind.TRACEPOINT, name.substring(0, at), name.substring(at + 1));
  }

  /** The syscall whose entry this is ({@code openat} for syscalls:sys_enter_openat), or null. */
  public String syscallEntered() {
    return kind == Kind.TRACEPOINT && system.equals("syscalls") && event.startsWith("sys_enter_")
        ? event.substring("sys_enter_".length())
        : null;
  }

  @Override
  public String toString() {
    return kind == Kind.TRACEPOINT ? system + ":" + event : "raw_tracepoint:" + event;
  }
}
