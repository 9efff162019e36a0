package dev.jtrace.generator.tables;

import java.util.List;

/**
 * A table ready to emit: sorted, one printed name per value.
 *
 * @param spec what it was built from (name, kind, prefix, arch, ioctl type)
 * @param sources the tree paths its names came from, in first-use order
 * @param entries sorted by value, values unique
 * @param aliases further names that parse but never print, sorted by name
 * @param ranges for offset tables, the {@code [first, last]} value of each range; empty otherwise
 */
public record TableModel(
    TableSpec spec,
    List<String> sources,
    List<TableEntry> entries,
    List<TableEntry> aliases,
    List<long[]> ranges) {
  public TableModel {
    sources = List.copyOf(sources);
    entries = List.copyOf(entries);
    aliases = List.copyOf(aliases);
    ranges = List.copyOf(ranges);
  }

  public String name() {
    return spec.name();
  }
}
