package dev.jtrace.beauty;

import java.util.List;

/**
 * A syscall's arguments and return kind, by name; the same on every arch (numbers differ,
 * signatures do not), so a perf.data file from another arch decodes with the snapshot's signatures.
 */
public record SyscallSignature(String name, ReturnKind returnKind, List<ArgSpec> args) {
  public SyscallSignature {
    args = List.copyOf(args);
  }

  /** The index of the argument with this name, or -1. */
  public int indexOf(String argName) {
    for (int i = 0; i < args.size(); i++) {
      if (args.get(i).name().equals(argName)) {
        return i;
      }
    }
    return -1;
  }
}
