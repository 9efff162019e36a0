package dev.jtrace.beauty.table;

import java.util.List;

/**
 * Values that cluster in a few ranges far apart ({@code 0x1001…}, {@code 0x2001…} for x86
 * arch_prctl; {@code 0x0…}, {@code 0xc0000000…}, {@code 0xc0010000…} for x86 MSRs). Entries hold
 * the full value.
 */
public final class OffsetTable extends Table {
  /** One range: the first value and how many slots follow it. */
  public record Range(long offset, int length) {}

  private final List<Range> ranges;

  public OffsetTable(
      TableInfo info,
      List<Range> ranges,
      long[] values,
      String[] names,
      long[] aliasValues,
      String[] aliasNames) {
    super(info, values, names, aliasValues, aliasNames);
    this.ranges = List.copyOf(ranges);
  }

  public List<Range> ranges() {
    return ranges;
  }
}
