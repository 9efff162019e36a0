package dev.jtrace.beauty.table;

import dev.jtrace.beauty.Arch;

/** The errno names of one arch family, with the description each header comment gives. */
public final class ErrnoTable extends Table {
  private final Arch.ErrnoFamily family;
  private final String[] descriptions;

  public ErrnoTable(
      TableInfo info,
      Arch.ErrnoFamily family,
      long[] values,
      String[] names,
      String[] descriptions,
      long[] aliasValues,
      String[] aliasNames) {
    super(info, values, names, aliasValues, aliasNames);
    if (descriptions.length != values.length) {
      throw new IllegalArgumentException(info.name() + ": one description per value expected");
    }
    this.family = family;
    this.descriptions = descriptions.clone();
  }

  public Arch.ErrnoFamily family() {
    return family;
  }

  /** The description of an errno ({@code No such file or directory}), or null. */
  public String description(long errno) {
    int i = indexOf(errno);
    return i >= 0 ? descriptions[i] : null;
  }
}
