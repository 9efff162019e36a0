package dev.jtrace.beauty;

/**
 * Renders an ioctl command word as perf trace does: by the table of its {@code _IOC_TYPE} when jtrace has
 * one, else decoded as {@code (direction, type, nr, size)}. The word's layout depends on the arch: powerpc
 * and mips keep three direction bits and 13 size bits, the others two and 14.
 */
final class IoctlCommands {
  private final ArchTables tables;
  private final boolean threeDirectionBits;

  IoctlCommands(Arch arch, ArchTables tables) {
    this.tables = tables;
    this.threeDirectionBits = arch == Arch.POWERPC64 || arch == Arch.POWERPC32 || arch == Arch.MIPS64;
  }

  String render(long v) {
    int cmd = (int) v;
    int dirBits = threeDirectionBits ? 3 : 2;
    int sizeBits = threeDirectionBits ? 13 : 14;
    int nr = cmd & 0xff;
    int type = (cmd >>> 8) & 0xff;
    int size = (cmd >>> 16) & ((1 << sizeBits) - 1);
    int dir = (cmd >>> (16 + sizeBits)) & ((1 << dirBits) - 1);
    // _IOC_READ is 2 everywhere; _IOC_WRITE is 4 with three direction bits, else 1.
    boolean read = (dir & 2) != 0;
    boolean write = (dir & (threeDirectionBits ? 4 : 1)) != 0;
    String name = switch (type) {
      case '$' -> prefixed("PERF_", tables.name(TableNames.PERF_IOCTL_CMDS, nr));
      case 'A' -> prefixed("SNDRV_PCM_", tables.name(TableNames.SNDRV_PCM_IOCTL_CMDS, nr));
      case 'T' -> tables.name(TableNames.TTY_IOCTL_CMDS, nr);
      case 'U' -> prefixed("SNDRV_CTL_", tables.name(TableNames.SNDRV_CTL_IOCTL_CMDS, nr));
      case 'd' -> prefixed("DRM_", tables.name(TableNames.DRM_IOCTL_CMDS, nr));
      case 0xAE -> prefixed("KVM_", tables.name(TableNames.KVM_IOCTL_CMDS, nr));
      case 0xAF -> prefixed("VHOST_", tables.name(
          read ? TableNames.VHOST_VIRTIO_IOCTL_READ_CMDS : TableNames.VHOST_VIRTIO_IOCTL_CMDS, nr));
      default -> null;
    };
    if (name != null) {
      return name;
    }
    String dirText = !read && !write ? "NONE" : (read ? "READ" : "") + (read && write ? "|" : "") + (write ? "WRITE" : "");
    return "(" + dirText + ", " + ArgRenderer.hex(type) + ", " + ArgRenderer.hex(nr) + ", " + ArgRenderer.hex(size) + ")";
  }

  private static String prefixed(String prefix, String name) {
    return name == null ? null : prefix + name;
  }
}
