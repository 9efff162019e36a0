package dev.jtrace.beauty;

import java.util.ArrayList;
import java.util.List;

/**
 * Renders syscalls of one arch: names, arguments and return values. Thread-safe and immutable; get one per
 * arch with {@link #forArch} and keep it.
 */
public final class SyscallBeautifier {
  private final Arch arch;

  private SyscallBeautifier(Arch arch) {
    this.arch = arch;
  }

  public static SyscallBeautifier forArch(Arch arch) {
    return new SyscallBeautifier(arch);
  }

  public Arch arch() {
    return arch;
  }

  /** The syscall's name, or {@code syscall_<nr>} when the arch's table has no such number. */
  public String name(int nr) {
    return "syscall_" + nr;
  }

  /** The syscall's number on this arch, or -1. */
  public int number(String name) {
    return -1;
  }

  /** The visible arguments, rendered, in order (zero-valued and irrelevant ones hidden as perf does). */
  public List<FormattedArg> formatArgs(
      int pid, int nr, long[] args, CapturedMemory memory, BeautyContext context) {
    List<FormattedArg> out = new ArrayList<>(6);
    for (int i = 0; i < args.length; i++) {
      if (args[i] != 0) {
        out.add(new FormattedArg("arg" + i, args[i], "0x" + Long.toHexString(args[i])));
      }
    }
    return out;
  }

  /** Appends {@code name: value, …} for the visible arguments. */
  public void appendArgs(
      StringBuilder out, int pid, int nr, long[] args, CapturedMemory memory, BeautyContext context) {
    String sep = "";
    for (FormattedArg a : formatArgs(pid, nr, args, memory, context)) {
      out.append(sep).append(a.name()).append(": ").append(a.text());
      sep = ", ";
    }
  }

  public ReturnKind returnKind(int nr) {
    return ReturnKind.ERRNO;
  }

  /** Appends the rendered return value, e.g. {@code 3</etc/passwd>} or {@code -1 ENOENT (No such file or directory)}. */
  public void appendReturn(StringBuilder out, int pid, int nr, long ret, long[] args, BeautyContext context) {
    out.append(ret);
  }

  /** The errno's symbolic name on this arch (e.g. {@code ENOENT}), or null. */
  public String errnoName(int errno) {
    return null;
  }

  /** The errno's description (e.g. {@code No such file or directory}), or null. */
  public String errnoDescription(int errno) {
    return null;
  }
}
