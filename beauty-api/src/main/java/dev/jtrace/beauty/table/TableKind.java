package dev.jtrace.beauty.table;

import java.util.Locale;

/** How a table's values are to be read. */
public enum TableKind {
  /** One value, one name (prctl options, address families). */
  VALUE,
  /** Bits that combine; rendered as {@code A|B|0x…}. */
  FLAGS,
  /** Values in one or more ranges {@code offset + index} (x86 MSRs, arch_prctl codes). */
  OFFSET,
  /** ioctl commands of one ioctl type, by their {@code _IOC_NR}. */
  IOCTL,
  /** errno numbers of one arch family, with descriptions. */
  ERRNO,
  /** syscall numbers of one arch. */
  SYSCALL;

  /** The name used on the command line, e.g. {@code flags}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Flag, offset and ioctl values read best in hex; the others in decimal. */
  public boolean printsHex() {
    return this == FLAGS || this == OFFSET || this == IOCTL;
  }
}
