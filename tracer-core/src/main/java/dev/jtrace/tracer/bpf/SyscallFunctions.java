package dev.jtrace.tracer.bpf;

import dev.jtrace.beauty.Arch;
import dev.jtrace.tracer.btf.Btf;
import dev.jtrace.tracer.btf.BtfException;
import dev.jtrace.tracer.perf.NativeCalls;
import dev.jtrace.tracer.perf.PerfException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.function.Predicate;

/**
 * The kernel functions that serve the selected syscalls, found in the kernel's BTF: on x86_64 the
 * syscall table calls {@code __x64_sys_NAME(const struct pt_regs *)} for a native call and {@code
 * __ia32_compat_sys_NAME} or {@code __ia32_sys_NAME} for an ia32 one. A function BTF does not
 * describe cannot take a tracing program (fentry and fexit are bound to a BTF id at load); a {@code
 * SYSCALL_DEFINE0}'s two stubs are aliases BTF leaves out, of {@code __do_sys_NAME}, which it has
 * and which then serves both ABIs.
 *
 * <p>The names are the syscall table's, and BTF has functions the table does not call: x86_64's
 * fstat is {@code __x64_sys_newfstat}, while {@code __x64_sys_fstat} (the old stat of other arches)
 * is never called. A native function is taken only where the kernel confirms it: it registers the
 * {@code syscalls:sys_enter_NAME} events of a {@code SYSCALL_DEFINE(NAME)} only when its syscall
 * table calls it, so the NAME with those events (the table's name, or {@code new}NAME, or {@link
 * #RENAMED}) is the one. An ia32 function cannot be confirmed that way: it is the compat wrapper of
 * that same NAME when there is one, else the plain one.
 */
public final class SyscallFunctions {
  /**
   * One attach point: a call of one ABI and the function the kernel runs for it.
   *
   * @param compatNr for a function both ABIs call (a {@code SYSCALL_DEFINE0}'s {@code __do_sys_*}),
   *     the ia32 number of the call, else -1
   */
  public record Target(
      int nr, boolean compat, String syscall, String function, int btfId, int compatNr) {}

  /**
   * What was found.
   *
   * @param targets the functions to attach to, native ones first
   * @param missingNative selected syscalls with no native function in BTF (nothing can be attached
   *     while one is missing: the calls would silently not show)
   * @param untracedCompat selected syscalls the ia32 ABI has but whose function BTF lacks: their
   *     32-bit calls would not be traced
   */
  public record Found(
      List<Target> targets, List<String> missingNative, List<String> untracedCompat) {
    public boolean complete() {
      return missingNative.isEmpty();
    }
  }

  /** Table names whose SYSCALL_DEFINE is named otherwise than the table or new + the table. */
  private static final Map<String, String> RENAMED = Map.of("umount2", "umount");

  private SyscallFunctions() {}

  /** The names a syscall's SYSCALL_DEFINE may have, the likeliest first. */
  private static List<String> definitions(String syscall) {
    String renamed = RENAMED.get(syscall);
    return renamed != null ? List.of(renamed, syscall) : List.of(syscall, "new" + syscall);
  }

  /** Whether the arch's syscall entry points are known here. */
  public static boolean supports(Arch arch) {
    return arch == Arch.X86_64;
  }

  /**
   * Looks the functions up.
   *
   * @param selected the native syscalls, by number
   * @param compatNumbers the ia32 ABI's number of each syscall name it has (empty: none traced)
   * @param hasEvents whether tracefs has syscalls:sys_enter_NAME for a SYSCALL_DEFINE name
   */
  public static Found find(
      Btf btf,
      SortedMap<Integer, String> selected,
      Map<String, Integer> compatNumbers,
      Predicate<String> hasEvents)
      throws BtfException {
    Set<String> names = new LinkedHashSet<>();
    for (String name : selected.values()) {
      for (String d : definitions(name)) {
        names.add(nativeFunction(d));
        names.add("__do_sys_" + d);
        if (compatNumbers.containsKey(name)) {
          names.add("__ia32_compat_sys_" + d);
          names.add("__ia32_sys_" + d);
        }
      }
    }
    Map<String, Integer> ids = btf.functionIds(names);
    List<Target> targets = new ArrayList<>();
    List<Target> compat = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    List<String> untraced = new ArrayList<>();
    for (Map.Entry<Integer, String> e : selected.entrySet()) {
      String name = e.getValue();
      String definition = null;
      String function = null;
      for (String d : definitions(name)) {
        if (!hasEvents.test(d)) {
          continue;
        }
        if (ids.containsKey(nativeFunction(d))) {
          definition = d;
          function = nativeFunction(d);
          break;
        }
        // a SYSCALL_DEFINE0's stubs are aliases BTF leaves out: the function they alias, which
        // the ia32 stub aliases too
        if (ids.containsKey("__do_sys_" + d)) {
          definition = d;
          function = "__do_sys_" + d;
          break;
        }
      }
      if (definition == null) {
        missing.add(name);
        continue; // no native attach point: the caller falls back, ia32 included
      }
      Integer compatNr = compatNumbers.get(name);
      boolean bothAbis = function.startsWith("__do_sys_");
      targets.add(
          new Target(
              e.getKey(),
              false,
              name,
              function,
              ids.get(function),
              bothAbis && compatNr != null ? compatNr : -1));
      if (compatNr == null || bothAbis) {
        continue; // not a call of the ia32 ABI, or one the native function serves too
      }
      // a compat wrapper, where the call has one, is what the ia32 table points at
      String compatFunction =
          ids.containsKey("__ia32_compat_sys_" + definition)
              ? "__ia32_compat_sys_" + definition
              : "__ia32_sys_" + definition;
      Integer compatId = ids.get(compatFunction);
      if (compatId == null) {
        untraced.add(name);
      } else {
        compat.add(new Target(compatNr, true, name, compatFunction, compatId, -1));
      }
    }
    targets.addAll(compat);
    return new Found(List.copyOf(targets), List.copyOf(missing), List.copyOf(untraced));
  }

  /** {@link #refusedOutright}'s answer, once asked: null until then. */
  private static volatile Optional<PerfException> outrightRefusal;

  /**
   * The kernel's refusal of any fentry program, found without reading BTF (which takes a few
   * hundred milliseconds): an empty program aimed at BTF id 1, which names no function. A kernel
   * that refuses fentry before looking at the target (these VMs: EPERM) says so; one that looks
   * further rejects the id (EINVAL), and only a real target ({@link #checkLoadable}) tells. Asked
   * once per run.
   */
  public static Optional<PerfException> refusedOutright() {
    Optional<PerfException> known = outrightRefusal;
    if (known == null) {
      BpfAssembler a = new BpfAssembler();
      a.movImm(BpfAssembler.R0, 0).exit();
      try {
        NativeCalls.close(Bpf.probeTracing(Bpf.TRACE_FENTRY, 1, a.build(), "jtrace_probe"));
        known = Optional.empty();
      } catch (PerfException e) {
        known = e.errno() == NativeCalls.EPERM ? Optional.of(e) : Optional.empty();
      }
      outrightRefusal = known;
    }
    return known;
  }

  /**
   * Loads an empty fentry program on the target and closes it: a kernel that refuses fentry (a
   * lockdown or LSM policy answers EPERM) says so in a millisecond, before the capture's programs
   * are built.
   */
  public static void checkLoadable(Target target) throws PerfException {
    BpfAssembler a = new BpfAssembler();
    a.movImm(BpfAssembler.R0, 0).exit();
    int fd = Bpf.loadTracing(Bpf.TRACE_FENTRY, target.btfId(), a.build(), "jtrace_probe");
    NativeCalls.close(fd);
  }

  static String nativeFunction(String syscall) {
    return "__x64_sys_" + syscall;
  }
}
