package dev.jtrace.tracer.session;

import dev.jtrace.beauty.Arch;
import dev.jtrace.beauty.SyscallBeautifier;
import dev.jtrace.tracer.bpf.SyscallFunctions;
import dev.jtrace.tracer.btf.BtfException;
import dev.jtrace.tracer.btf.HostBtf;
import dev.jtrace.tracer.capture.CaptureSpec;
import dev.jtrace.tracer.event.CompatAbi;
import dev.jtrace.tracer.perf.PerfException;
import dev.jtrace.tracer.perf.Tracefs;
import java.io.IOException;
import java.io.PrintStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The kernel functions a fentry capture of the spec's syscalls attaches to, from the running
 * kernel's BTF and tracefs, after checking that the kernel loads a fentry program at all.
 */
final class FunctionTargets {
  private FunctionTargets() {}

  /**
   * The kernel functions of the selected syscalls (native and ia32), or why there are none usable;
   * an ia32 call without one is named on err (its 32-bit calls go untraced).
   */
  static List<SyscallFunctions.Target> find(
      Tracefs tracefs, CaptureSpec spec, SyscallBeautifier beautifier, Arch arch, PrintStream err)
      throws PerfException {
    if (!SyscallFunctions.supports(arch)) {
      throw new PerfException("no syscall entry points known on " + arch.id(), 0);
    }
    if (spec.syscalls() == null || spec.syscalls().negated()) {
      throw new PerfException("needs -e with a list of syscalls", 0);
    }
    var refused = SyscallFunctions.refusedOutright();
    if (refused.isPresent()) {
      throw new PerfException(refused.get().getMessage(), refused.get().errno());
    }
    SortedMap<Integer, String> selected = new TreeMap<>();
    for (int nr : spec.syscalls().listed()) {
      selected.put(nr, beautifier.name(nr));
    }
    CompatAbi abi = CompatAbi.of(beautifier);
    Map<String, Integer> compatNumbers = new HashMap<>();
    if (abi.arch() != beautifier.arch()) {
      for (String name : selected.values()) {
        int compatNr = abi.beautifier(true).number(name);
        if (compatNr >= 0) {
          compatNumbers.put(name, compatNr);
        }
      }
    }
    SyscallFunctions.Found found;
    try {
      found =
          SyscallFunctions.find(
              HostBtf.get(),
              selected,
              compatNumbers,
              name -> tracefs.has("syscalls", "sys_enter_" + name));
    } catch (IOException | BtfException e) {
      throw new PerfException("no kernel BTF: " + e.getMessage(), 0);
    }
    if (!found.complete()) {
      throw new PerfException(
          "BTF has no kernel function for " + String.join(", ", found.missingNative()), 0);
    }
    SyscallFunctions.checkLoadable(found.targets().getFirst());
    if (!found.untracedCompat().isEmpty()) {
      err.println(
          "jtrace: warning: 32-bit (ia32) calls of "
              + String.join(", ", found.untracedCompat())
              + " are not traced: BTF has no function for them");
    }
    return found.targets();
  }
}
