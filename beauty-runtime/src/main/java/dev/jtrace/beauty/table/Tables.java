package dev.jtrace.beauty.table;

import dev.jtrace.beauty.Arch;
import dev.jtrace.beauty.table.gen.TableIndex;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Every generated table, by name. Each table's class loads on first use, so asking for one table
 * does not build the others.
 *
 * <p>Names: perf's array names for what perf generates ({@code prctl_options}, {@code mmap_flags},
 * {@code kvm_ioctl_cmds}); arch variants add the kernel arch directory ({@code mmap_flags_mips});
 * {@code syscalls_<arch>} ({@code syscalls_x86_64}) and {@code errno_<family>} ({@code
 * errno_mips}).
 */
public final class Tables {
  private Tables() {}

  /** The table of that name, or null. */
  public static Table get(String name) {
    return TableIndex.get(name);
  }

  /** The table of that name and type, or null when there is none (or it is of another type). */
  public static <T extends Table> T get(String name, Class<T> type) {
    Table t = get(name);
    return type.isInstance(t) ? type.cast(t) : null;
  }

  /**
   * The arch's own variant of a table ({@code mmap_flags_mips} for mips64) when the arch has one,
   * else the table shared by all arches ({@code mmap_flags}), else null.
   */
  public static Table get(String name, Arch arch) {
    Table own = get(name + "_" + kernelArch(arch));
    return own != null ? own : get(name);
  }

  /** Every table name, sorted. */
  public static List<String> names() {
    return TableIndex.names();
  }

  /** Every table, sorted by name. */
  public static List<Table> all() {
    List<Table> out = new ArrayList<>();
    for (String n : TableIndex.names()) {
      out.add(TableIndex.get(n));
    }
    return Collections.unmodifiableList(out);
  }

  /** Every ioctl table, sorted by name: only their classes load. */
  public static List<IoctlTable> ioctls() {
    List<IoctlTable> out = new ArrayList<>();
    for (String n : TableIndex.ioctlNames()) {
      out.add((IoctlTable) TableIndex.get(n));
    }
    return Collections.unmodifiableList(out);
  }

  /** The syscall table of an arch, or null when the snapshot has none. */
  public static SyscallTable syscalls(Arch arch) {
    return get("syscalls_" + arch.id(), SyscallTable.class);
  }

  /** The errno table of a family, or null when the snapshot has none. */
  public static ErrnoTable errnos(Arch.ErrnoFamily family) {
    return get("errno_" + family.name().toLowerCase(Locale.ROOT), ErrnoTable.class);
  }

  /** The kernel's arch directory name for an arch ({@code x86} for x86_64 and i386). */
  public static String kernelArch(Arch arch) {
    return switch (arch) {
      case X86_64, I386 -> "x86";
      case ARM64 -> "arm64";
      case ARM -> "arm";
      case POWERPC64, POWERPC32 -> "powerpc";
      case S390X -> "s390";
      case MIPS64 -> "mips";
      case RISCV64 -> "riscv";
    };
  }
}
