package dev.jtrace.generator.tables;

import dev.jtrace.beauty.table.TableKind;
import java.util.List;

/**
 * How to build one string table from the snapshot: our equivalent of one of perf's beauty scripts.
 *
 * @param name lowercase snake table name
 * @param kind how its values read
 * @param prefix the prefix its printed names lost ({@code MAP_}); parsing accepts names with it
 * @param arch {@code all} or the kernel arch directory the table belongs to
 * @param selectors the rules, in the order their names are taken
 * @param duplicates which name a shared value prints with
 * @param ioctlType the {@code _IOC_TYPE} byte of ioctl tables, else 0
 * @param ioctlDirection {@code ANY}, {@code READ} or {@code NOT_READ} for ioctl tables
 */
public record TableSpec(
    String name,
    TableKind kind,
    String prefix,
    String arch,
    List<Selector> selectors,
    Duplicates duplicates,
    int ioctlType,
    String ioctlDirection) {
  public static final String ALL_ARCHES = "all";

  public TableSpec {
    selectors = List.copyOf(selectors);
    if (!name.matches("[a-z][a-z0-9_]*")) {
      throw new IllegalArgumentException("table names are lowercase snake: " + name);
    }
  }

  public static TableSpec of(String name, TableKind kind, String prefix, Selector... selectors) {
    return new TableSpec(
        name, kind, prefix, ALL_ARCHES, List.of(selectors), Duplicates.LAST, 0, "ANY");
  }

  public TableSpec arch(String a) {
    return new TableSpec(name, kind, prefix, a, selectors, duplicates, ioctlType, ioctlDirection);
  }

  public TableSpec duplicates(Duplicates d) {
    return new TableSpec(name, kind, prefix, arch, selectors, d, ioctlType, ioctlDirection);
  }

  public TableSpec ioctl(int type, String direction) {
    return new TableSpec(name, kind, prefix, arch, selectors, duplicates, type, direction);
  }
}
