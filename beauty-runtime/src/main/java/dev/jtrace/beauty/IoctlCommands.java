package dev.jtrace.beauty;

import dev.jtrace.beauty.table.IoctlDirection;
import dev.jtrace.beauty.table.IoctlTable;
import dev.jtrace.beauty.table.TableInfo;
import dev.jtrace.beauty.table.Tables;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders an ioctl command word as perf trace does: by the generated table of its {@code _IOC_TYPE}
 * and direction when there is one (each {@link IoctlTable} says which it covers), else decoded as
 * {@code (direction, type, nr, size)}. The word's layout depends on the arch: powerpc and mips keep
 * three direction bits and 13 size bits, the others two and 14.
 */
final class IoctlCommands {
  /**
   * One table of a type; its names print with the table's prefix less its IOCTL_ part, as perf
   * prints them.
   */
  private record Named(IoctlTable table, String printedPrefix) {}

  private final String kernelArch;
  private final boolean threeDirectionBits;

  /** By ioctl type, built on the first ioctl: the arch's own tables first, then the shared ones. */
  private volatile Map<Integer, List<Named>> byType;

  IoctlCommands(Arch arch) {
    this.kernelArch = Tables.kernelArch(arch);
    this.threeDirectionBits =
        arch == Arch.POWERPC64 || arch == Arch.POWERPC32 || arch == Arch.MIPS64;
  }

  private Map<Integer, List<Named>> byType() {
    Map<Integer, List<Named>> m = byType;
    if (m == null) {
      m = new HashMap<>();
      List<IoctlTable> shared = new ArrayList<>();
      for (IoctlTable t : Tables.ioctls()) {
        if (t.info().arch().equals(kernelArch)) {
          add(m, t);
        } else if (t.info().arch().equals(TableInfo.ALL_ARCHES)) {
          shared.add(t);
        }
      }
      for (IoctlTable t : shared) {
        add(m, t);
      }
      byType = m;
    }
    return m;
  }

  private static void add(Map<Integer, List<Named>> m, IoctlTable t) {
    String printed = t.prefix().replace("EVENT_IOC_", "").replace("IOCTL_", "");
    m.computeIfAbsent(t.ioctlType(), k -> new ArrayList<>()).add(new Named(t, printed));
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
    String name = name(type, read, nr);
    if (name != null) {
      return name;
    }
    String dirText =
        !read && !write
            ? "NONE"
            : (read ? "READ" : "") + (read && write ? "|" : "") + (write ? "WRITE" : "");
    return "("
        + dirText
        + ", "
        + ArgRenderer.hex(type)
        + ", "
        + ArgRenderer.hex(nr)
        + ", "
        + ArgRenderer.hex(size)
        + ")";
  }

  /**
   * The name from the first table of the type whose direction fits. Where two tables claim a type
   * ('U': ALSA control and USB devfs) the first by table name (ALSA) answers, as perf's decoder
   * does.
   */
  private String name(int type, boolean read, int nr) {
    List<Named> tables = byType().get(type);
    if (tables == null) {
      return null;
    }
    for (Named n : tables) {
      IoctlDirection d = n.table().direction();
      if ((d == IoctlDirection.READ && !read) || (d == IoctlDirection.NOT_READ && read)) {
        continue;
      }
      String name = n.table().name(nr);
      if (name != null) {
        return n.printedPrefix() + name;
      }
    }
    return null;
  }
}
