package dev.jtrace.beauty.table;

/**
 * ioctl commands of one ioctl type (the {@code _IOC_TYPE} byte), keyed by {@code _IOC_NR}. Entries
 * hold the number; {@link #command} decodes a whole command word.
 */
public final class IoctlTable extends Table {

  private final int ioctlType;
  private final IoctlDirection direction;

  public IoctlTable(
      TableInfo info,
      int ioctlType,
      IoctlDirection direction,
      long[] values,
      String[] names,
      long[] aliasValues,
      String[] aliasNames) {
    super(info, values, names, aliasValues, aliasNames);
    this.ioctlType = ioctlType;
    this.direction = direction;
  }

  /** The {@code _IOC_TYPE} byte, e.g. {@code 0xAE} for KVM. */
  public int ioctlType() {
    return ioctlType;
  }

  public IoctlDirection direction() {
    return direction;
  }
}
