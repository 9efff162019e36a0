package dev.jtrace.symbols;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * The mappings of one process, by start address; a new mapping replaces what it overlaps, as in the
 * kernel.
 */
final class ProcessMaps {
  private final TreeMap<Long, Mapping> byStart = new TreeMap<>(Long::compareUnsigned);

  ProcessMaps copy() {
    ProcessMaps c = new ProcessMaps();
    c.byStart.putAll(byStart);
    return c;
  }

  void add(Mapping m) {
    // cut what the new range overlaps (the kernel unmapped it)
    Map.Entry<Long, Mapping> before = byStart.lowerEntry(m.start);
    if (before != null && Long.compareUnsigned(before.getValue().end, m.start) > 0) {
      Mapping b = before.getValue();
      byStart.put(b.start, new Mapping(b.start, m.start, b.pgoff, b.path, b.key));
      if (Long.compareUnsigned(b.end, m.end) > 0) {
        byStart.put(m.end, new Mapping(m.end, b.end, b.pgoff + (m.end - b.start), b.path, b.key));
      }
    }
    while (true) {
      Map.Entry<Long, Mapping> next = byStart.ceilingEntry(m.start);
      if (next == null || Long.compareUnsigned(next.getKey(), m.end) >= 0) {
        break;
      }
      Mapping n = byStart.remove(next.getKey());
      if (Long.compareUnsigned(n.end, m.end) > 0) {
        byStart.put(m.end, new Mapping(m.end, n.end, n.pgoff + (m.end - n.start), n.path, n.key));
      }
    }
    byStart.put(m.start, m);
  }

  /** The mapping holding this address, or null. */
  Mapping find(long address) {
    Map.Entry<Long, Mapping> e = byStart.floorEntry(address);
    if (e == null || Long.compareUnsigned(address, e.getValue().end) >= 0) {
      return null;
    }
    return e.getValue();
  }

  int size() {
    return byStart.size();
  }

  /**
   * Reads {@code /proc/PID/maps} (the lines {@code start-end perms offset dev inode path}): every
   * range, data too (a page fault's address is named by its mapping).
   */
  static ProcessMaps read(Path mapsFile) throws IOException {
    ProcessMaps maps = new ProcessMaps();
    try (BufferedReader r = Files.newBufferedReader(mapsFile)) {
      String line;
      while ((line = r.readLine()) != null) {
        Mapping m = parseLine(line);
        if (m != null) {
          maps.add(m);
        }
      }
    }
    return maps;
  }

  /** One line of /proc/PID/maps as a mapping, or null when it is malformed. */
  static Mapping parseLine(String line) {
    String[] f = line.trim().split("\\s+", 6);
    if (f.length < 5 || f[1].length() < 3) {
      return null;
    }
    int dash = f[0].indexOf('-');
    if (dash < 0) {
      return null;
    }
    try {
      long start = Long.parseUnsignedLong(f[0], 0, dash, 16);
      long end = Long.parseUnsignedLong(f[0], dash + 1, f[0].length(), 16);
      long pgoff = Long.parseUnsignedLong(f[2], 16);
      String path = f.length == 6 ? f[5] : "//anon";
      if (path.endsWith(" (deleted)")) {
        path = path.substring(0, path.length() - " (deleted)".length());
      }
      long inode = Long.parseLong(f[4]);
      String key = inode != 0 ? f[3] + ":" + inode : path;
      return new Mapping(start, end, pgoff, path, key);
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
