package dev.jtrace.beauty.table;

/** One value, one name: prctl options, socket families, fcntl commands. */
public final class ValueTable extends Table {
  public ValueTable(
      TableInfo info, long[] values, String[] names, long[] aliasValues, String[] aliasNames) {
    super(info, values, names, aliasValues, aliasNames);
  }
}
