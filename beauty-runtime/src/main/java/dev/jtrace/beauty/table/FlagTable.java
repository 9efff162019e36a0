package dev.jtrace.beauty.table;

/**
 * Bits that combine. A table may name its zero value (open flags: {@code RDONLY}); that name prints
 * only when no bit is set.
 */
public final class FlagTable extends Table {
  private final long[] bits;
  private final String[] bitNames;
  private final String zeroName;

  public FlagTable(
      TableInfo info, long[] values, String[] names, long[] aliasValues, String[] aliasNames) {
    super(info, values, names, aliasValues, aliasNames);
    int start = values.length > 0 && values[0] == 0 ? 1 : 0;
    this.zeroName = start == 1 ? names[0] : null;
    this.bits = java.util.Arrays.copyOfRange(values, start, values.length);
    this.bitNames = java.util.Arrays.copyOfRange(names, start, names.length);
  }

  /** The name of the zero value, or null. */
  public String zeroName() {
    return zeroName;
  }

  /**
   * Renders a bit set: named bits in value order joined by {@code |}, unknown bits as a trailing
   * {@code 0x…} remainder; {@code 0} is the zero value's name, or {@code 0}.
   */
  public String render(long value) {
    StringBuilder sb = new StringBuilder();
    appendTo(sb, value);
    return sb.toString();
  }

  /**
   * Like {@link #render}, the highest named bit first: file modes read as {@code ls -l} and perf
   * print them, owner before group before others ({@code IRUSR|IWUSR|IRGRP|IROTH}).
   */
  public String renderHighFirst(long value) {
    if (value == 0) {
      return zeroName != null ? zeroName : "0";
    }
    StringBuilder out = new StringBuilder();
    long rest = value;
    for (int i = bits.length - 1; i >= 0 && rest != 0; i--) {
      long b = bits[i];
      if ((rest & b) == b) {
        if (!out.isEmpty()) {
          out.append('|');
        }
        out.append(bitNames[i]);
        rest &= ~b;
      }
    }
    if (rest != 0) {
      out.append(out.isEmpty() ? "" : "|").append("0x").append(Long.toHexString(rest));
    }
    return out.toString();
  }

  /** {@link #render} into a builder, for the per-event path. */
  public void appendTo(StringBuilder out, long value) {
    if (value == 0) {
      out.append(zeroName != null ? zeroName : "0");
      return;
    }
    long rest = value;
    boolean first = true;
    for (int i = 0; i < bits.length && rest != 0; i++) {
      long b = bits[i];
      if ((rest & b) == b) {
        if (!first) {
          out.append('|');
        }
        out.append(bitNames[i]);
        rest &= ~b;
        first = false;
      }
    }
    if (rest != 0) {
      if (!first) {
        out.append('|');
      }
      out.append("0x").append(Long.toHexString(rest));
    }
  }
}
