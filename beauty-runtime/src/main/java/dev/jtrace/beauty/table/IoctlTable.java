package dev.jtrace.beauty.table;

/**
 * ioctl commands of one ioctl type (the {@code _IOC_TYPE} byte), keyed by {@code _IOC_NR}. Entries hold the
 * number; {@link #command} decodes a whole command word.
 */
public final class IoctlTable extends Table {
  private static final int NR_BITS = 8;
  private static final int TYPE_SHIFT = 8;
  private static final int DIR_SHIFT = 30;
  private static final int IOC_READ = 2;

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

  /**
   * The name of a full ioctl command word, or null when it is not of this table's type and direction. The
   * word is read in the generic {@code _IOC} layout (two direction bits on top: x86, arm, arm64, riscv, s390);
   * powerpc and mips put three there, so their read bit is elsewhere.
   */
  public String command(long cmd) {
    if (((cmd >>> TYPE_SHIFT) & 0xff) != ioctlType) {
      return null;
    }
    boolean read = (((cmd >>> DIR_SHIFT) & 3) & IOC_READ) != 0;
    if ((direction == IoctlDirection.READ && !read) || (direction == IoctlDirection.NOT_READ && read)) {
      return null;
    }
    return name(cmd & ((1 << NR_BITS) - 1));
  }
}
