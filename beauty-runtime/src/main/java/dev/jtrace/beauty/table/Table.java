package dev.jtrace.beauty.table;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * A generated string table: sorted values with one printed name each, plus alias names accepted
 * when parsing (EWOULDBLOCK for EAGAIN). Lookups by value are array indexing for small dense tables
 * and a binary search otherwise: the live tracer calls them for every event.
 */
public abstract sealed class Table
    permits ValueTable, FlagTable, OffsetTable, IoctlTable, ErrnoTable, SyscallTable {
  /** Values below this bound are looked up through a direct array. */
  private static final int DENSE_LIMIT = 4096;

  private final TableInfo info;
  private final long[] values;
  private final String[] names;
  private final String[] dense;
  private final Map<String, Long> byName;

  /**
   * @param values sorted ascending, no duplicates
   * @param names the printed name of each value, prefix stripped
   * @param aliasValues values of further names that parse but never print
   * @param aliasNames those names, prefix stripped
   */
  protected Table(
      TableInfo info, long[] values, String[] names, long[] aliasValues, String[] aliasNames) {
    this.info = Objects.requireNonNull(info);
    if (values.length != names.length || aliasValues.length != aliasNames.length) {
      throw new IllegalArgumentException(info.name() + ": values and names differ in length");
    }
    for (int i = 1; i < values.length; i++) {
      if (values[i - 1] >= values[i]) {
        throw new IllegalArgumentException(info.name() + ": values not sorted and unique at " + i);
      }
    }
    this.values = values.clone();
    this.names = names.clone();
    this.dense = denseIndex(values, names);
    Map<String, Long> m = new HashMap<>();
    for (int i = 0; i < aliasNames.length; i++) {
      m.put(aliasNames[i], aliasValues[i]);
    }
    for (int i = 0; i < names.length; i++) {
      m.put(names[i], values[i]);
    }
    this.byName = Map.copyOf(m);
  }

  private static String[] denseIndex(long[] values, String[] names) {
    if (values.length == 0 || values[0] < 0 || values[values.length - 1] >= DENSE_LIMIT) {
      return null;
    }
    String[] d = new String[(int) values[values.length - 1] + 1];
    for (int i = 0; i < values.length; i++) {
      d[(int) values[i]] = names[i];
    }
    return d;
  }

  public TableInfo info() {
    return info;
  }

  /** Lowercase snake name, e.g. {@code prctl_options}. */
  public String name() {
    return info.name();
  }

  public TableKind kind() {
    return info.kind();
  }

  /** The prefix stripped from every name, e.g. {@code PR_}. */
  public String prefix() {
    return info.prefix();
  }

  /** The name of a value, prefix stripped, or null when the table has none. */
  public String name(long value) {
    if (dense != null) {
      return value >= 0 && value < dense.length ? dense[(int) value] : null;
    }
    int i = indexOf(value);
    return i >= 0 ? names[i] : null;
  }

  /** The index of a value in value order, or a negative number when the table has no such value. */
  protected final int indexOf(long value) {
    return Arrays.binarySearch(values, value);
  }

  /** The value of a name given with or without the prefix ({@code CLOEXEC}, {@code O_CLOEXEC}). */
  public OptionalLong value(String name) {
    Long v = byName.get(name);
    if (v == null && !info.prefix().isEmpty() && name.startsWith(info.prefix())) {
      v = byName.get(name.substring(info.prefix().length()));
    }
    return v == null ? OptionalLong.empty() : OptionalLong.of(v);
  }

  /** The entries in value order. */
  public List<Entry> entries() {
    return new AbstractList<>() {
      @Override
      public Entry get(int index) {
        return new Entry(values[index], names[index]);
      }

      @Override
      public int size() {
        return values.length;
      }
    };
  }

  public int size() {
    return values.length;
  }

  /** The value formatted as {@code jtrace tables} prints it: hex for flags, offsets and ioctls. */
  public String formatValue(long value) {
    return kind().printsHex() ? "0x" + Long.toHexString(value) : Long.toString(value);
  }

  @Override
  public String toString() {
    return info.name() + " (" + info.kind().id() + ", " + values.length + " entries)";
  }
}
