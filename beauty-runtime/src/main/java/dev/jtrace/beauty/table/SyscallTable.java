package dev.jtrace.beauty.table;

import dev.jtrace.beauty.Arch;

/** The syscall numbers of one arch ABI. */
public final class SyscallTable extends Table {
  private final Arch arch;

  public SyscallTable(TableInfo info, Arch arch, long[] numbers, String[] names) {
    super(info, numbers, names, new long[0], new String[0]);
    this.arch = arch;
  }

  public Arch arch() {
    return arch;
  }

  /** The number of a syscall on this arch, or -1. */
  public int number(String name) {
    return (int) value(name).orElse(-1);
  }
}
