package dev.jtrace.tracer.event;

import dev.jtrace.beauty.Arch;
import dev.jtrace.beauty.SyscallBeautifier;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The second syscall ABI a 64-bit kernel runs for 32-bit tasks (x86_64's ia32 emulation: i386
 * numbers and layouts), beside the traced arch's own: which beautifier renders a call, and how a
 * compat call's number maps onto the native one of the same name (for -e selections and the fd
 * table, which are kept by native number). An arch without a compat ABI here maps onto itself.
 */
public final class CompatAbi {
  private static final Map<Arch, CompatAbi> CACHE = new ConcurrentHashMap<>();

  private final SyscallBeautifier nativeCalls;
  private final SyscallBeautifier compatCalls;

  /** Per compat number, the native number of the syscall of the same name, or -1. */
  private final int[] toNative;

  private CompatAbi(SyscallBeautifier nativeCalls) {
    this.nativeCalls = nativeCalls;
    Arch compat = compatArch(nativeCalls.arch());
    this.compatCalls = compat == null ? nativeCalls : SyscallBeautifier.forArch(compat);
    int[] numbers = compatCalls.numbers();
    this.toNative = new int[numbers.length == 0 ? 0 : numbers[numbers.length - 1] + 1];
    for (int nr = 0; nr < toNative.length; nr++) {
      toNative[nr] = compat == null ? nr : nativeCalls.number(compatCalls.name(nr));
    }
  }

  /** The compat ABI of the arch that beautifier renders. */
  public static CompatAbi of(SyscallBeautifier nativeCalls) {
    return CACHE.computeIfAbsent(nativeCalls.arch(), a -> new CompatAbi(nativeCalls));
  }

  /**
   * The 32-bit ABI a 64-bit arch's kernel also runs, where jtrace can tell its calls apart, or
   * null.
   */
  public static Arch compatArch(Arch arch) {
    return arch == Arch.X86_64 ? Arch.I386 : null;
  }

  /** The arch of compat calls (the native one when there is none). */
  public Arch arch() {
    return compatCalls.arch();
  }

  /** The beautifier of a call of that ABI. */
  public SyscallBeautifier beautifier(boolean compat) {
    return compat ? compatCalls : nativeCalls;
  }

  /** The native number of a compat call's syscall (same name), or -1 when the arch has none. */
  public int nativeNumber(int compatNr) {
    return compatNr >= 0 && compatNr < toNative.length ? toNative[compatNr] : -1;
  }

  /** Whether a compat call never returns (exit, exit_group). */
  public boolean noReturn(int compatNr) {
    return compatCalls.noReturn().test(compatNr);
  }
}
