package dev.jtrace.beauty.table;

/** Which {@code _IOC_DIR} a split ioctl table covers (vhost keeps reads apart from writes). */
public enum IoctlDirection {
  /** Any direction. */
  ANY,
  /** {@code _IO} and {@code _IOW}: the read bit clear. */
  NOT_READ,
  /** {@code _IOR} and {@code _IOWR}: the read bit set. */
  READ
}
