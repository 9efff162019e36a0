package dev.jtrace.beauty;

import java.util.OptionalLong;

/**
 * The generated string tables as the renderers see them: by a logical table name, resolved for one arch
 * (mmap flags differ on mips, errno numbering on alpha, …). One implementation reads the generated
 * registry; tests may pass their own.
 */
public interface TableSource {
  /** The entry's name (prefix stripped) for a value, or null when the table has none. */
  String name(String table, long value);

  /**
   * Flag bits rendered as {@code A|B}, unknown bits as a trailing {@code |0x…} remainder; null when the
   * table does not exist. Zero renders as the table's name for 0, or null when it has none.
   */
  String flags(String table, long value);

  /** The value of a named entry (prefix optional), or empty. */
  OptionalLong value(String table, String name);

  /** The syscall's name on this table's arch, or null. */
  String syscallName(int nr);

  /** The syscall's number on this table's arch, or -1. */
  int syscallNumber(String name);

  /** The errno's name for this arch's family ({@code ENOENT}), or null. */
  String errnoName(int errno);

  /** The errno's description ({@code No such file or directory}), or null. */
  String errnoDescription(int errno);
}
