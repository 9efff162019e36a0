package dev.jtrace.tracer.bpf;

import dev.jtrace.tracer.filter.BoundFilter;
import dev.jtrace.tracer.filter.CgroupScope;
import java.util.Map;

/**
 * Which calls the paired capture keeps beyond the task and syscall selection, decided in the kernel
 * before anything is copied.
 *
 * @param arguments {@code --filter}: per syscall number its bound filter (a number without one is
 *     kept)
 * @param cgroup {@code -G}: only tasks in this cgroup or below, or null
 */
public record CallFilter(Map<Integer, BoundFilter> arguments, CgroupScope cgroup) {
  /** Every call the selection names. */
  public static final CallFilter NONE = new CallFilter(Map.of(), null);

  public CallFilter {
    arguments = Map.copyOf(arguments);
  }

  /** Whether any syscall's filter tests a string (a scratch buffer is needed). */
  boolean readsStrings() {
    return ArgFilterEmitter.readsStrings(arguments);
  }
}
