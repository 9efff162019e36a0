package dev.jtrace.beauty.table;

import java.util.List;

/**
 * What a table is, apart from its entries.
 *
 * @param name lowercase snake, e.g. {@code mmap_flags_mips}
 * @param kind how its values read
 * @param prefix stripped from the printed names, e.g. {@code MAP_}
 * @param sources the kernel tree paths its facts came from
 * @param arch {@link #ALL_ARCHES}, a kernel arch directory name ({@code mips}, {@code x86}) or a
 *     syscall ABI ({@code x86_64})
 */
public record TableInfo(
    String name, TableKind kind, String prefix, List<String> sources, String arch) {
  public static final String ALL_ARCHES = "all";

  public TableInfo {
    sources = List.copyOf(sources);
  }
}
