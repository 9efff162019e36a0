package dev.jtrace.beauty;

import dev.jtrace.beauty.table.ErrnoTable;
import dev.jtrace.beauty.table.FlagTable;
import dev.jtrace.beauty.table.SyscallTable;
import dev.jtrace.beauty.table.Table;
import dev.jtrace.beauty.table.Tables;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The generated tables as the renderers of one arch see them: by the logical names of {@link
 * TableNames}, each resolved once to the arch's own variant ({@code mmap_flags_mips} on mips) or
 * else the shared table.
 */
final class ArchTables {
  private final Arch arch;
  private final SyscallTable syscalls;
  private final ErrnoTable errnos;

  /** Resolved per logical name on first use; absent tables are remembered as such. */
  private final Map<String, Optional<Table>> resolved = new ConcurrentHashMap<>();

  ArchTables(Arch arch) {
    this.arch = arch;
    this.syscalls = Tables.syscalls(arch);
    ErrnoTable own = Tables.errnos(arch.errnoFamily());
    this.errnos = own != null ? own : Tables.errnos(Arch.ErrnoFamily.GENERIC);
  }

  private Table table(String name) {
    return resolved
        .computeIfAbsent(name, n -> Optional.ofNullable(Tables.get(n, arch)))
        .orElse(null);
  }

  /**
   * The entry's name (prefix stripped) for a value, or null when the table or the entry is absent.
   */
  String name(String table, long value) {
    Table t = table(table);
    return t == null ? null : t.name(value);
  }

  /**
   * Flag bits rendered as {@link FlagTable#render} does, or null when there is no such flag table.
   */
  String flags(String table, long value) {
    return table(table) instanceof FlagTable f ? f.render(value) : null;
  }

  /**
   * A flag table's rendering with the highest bit first, or null when there is no such flag table.
   */
  String flagsHighFirst(String table, long value) {
    return table(table) instanceof FlagTable f ? f.renderHighFirst(value) : null;
  }

  /** The value of a named entry (prefix optional), or empty. */
  OptionalLong value(String table, String name) {
    Table t = table(table);
    return t == null ? OptionalLong.empty() : t.value(name);
  }

  /** The arch's syscall table, or null when the snapshot has none. */
  SyscallTable syscalls() {
    return syscalls;
  }

  /** The errno's name for this arch's family ({@code ENOENT}), or null. */
  String errnoName(int errno) {
    return errnos == null ? null : errnos.name(errno);
  }

  /** The errno's description ({@code No such file or directory}), or null. */
  String errnoDescription(int errno) {
    return errnos == null ? null : errnos.description(errno);
  }
}
