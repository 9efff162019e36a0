package dev.jtrace.tracer.select;

import dev.jtrace.beauty.SyscallBeautifier;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/** The syscall names of one arch, both ways, taken from the beautifier's table. */
public final class SyscallNames {
  /** Highest syscall number probed; x86_64 numbers end below 512 (x32's start there). */
  public static final int MAX_NR = 1024;

  private final Map<String, Integer> byName;
  private final Map<Integer, String> byNr;

  public SyscallNames(Map<Integer, String> byNr) {
    this.byNr = Collections.unmodifiableMap(new TreeMap<>(byNr));
    Map<String, Integer> m = new TreeMap<>();
    byNr.forEach((nr, name) -> m.putIfAbsent(name, nr));
    this.byName = Collections.unmodifiableMap(m);
  }

  /**
   * The named syscalls the beautifier knows (its placeholder {@code syscall_N} names are skipped).
   */
  public static SyscallNames of(SyscallBeautifier beautifier) {
    Map<Integer, String> m = new TreeMap<>();
    for (int nr = 0; nr < MAX_NR; nr++) {
      String n = beautifier.name(nr);
      if (n != null && !n.startsWith("syscall_")) {
        m.put(nr, n);
      }
    }
    return new SyscallNames(m);
  }

  /** nr → name, in number order. */
  public Map<Integer, String> byNumber() {
    return byNr;
  }

  /** name → nr, in name order. */
  public Map<String, Integer> byName() {
    return byName;
  }
}
