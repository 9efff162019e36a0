package dev.jtrace.symbols;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * A JIT's symbol map, {@code /tmp/perf-PID.map}: lines {@code START SIZE name} in hex (with or
 * without {@code 0x}), written by the JVM ({@code -XX:+DumpPerfMapAtExit}, {@code jcmd
 * Compiler.perfmap}), perf-map-agent, V8 and others. Read again when the file changed since (a JIT
 * appends as it compiles).
 */
final class PerfMap {
  private final Path path;
  private final String dso;
  private SymbolTable symbols = SymbolTable.EMPTY;
  private long readSize = -1;
  private long readModified = -1;

  PerfMap(Path path) {
    this.path = path;
    this.dso = path.toString();
  }

  /** The map file's path, which names JIT code as its binary (as perf does). */
  String dso() {
    return dso;
  }

  /** Fills the frame for an address in JIT code; false when the map has no symbol for it. */
  boolean resolve(long address, Frame out) {
    int i = symbols.find(address);
    if (i < 0 && refresh()) {
      i = symbols.find(address);
    }
    if (i < 0) {
      return false;
    }
    out.set(address, symbols.name(i), address - symbols.start(i), dso);
    return true;
  }

  /** Re-reads the file when it changed; true when it did. */
  private boolean refresh() {
    BasicFileAttributes a;
    try {
      a = Files.readAttributes(path, BasicFileAttributes.class);
    } catch (IOException e) {
      return false;
    }
    long modified = a.lastModifiedTime().toMillis();
    if (a.size() == readSize && modified == readModified) {
      return false;
    }
    try {
      symbols = parse(path);
      readSize = a.size();
      readModified = modified;
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  static SymbolTable parse(Path file) throws IOException {
    List<SymbolTable.Entry> entries = new ArrayList<>();
    try (BufferedReader r = Files.newBufferedReader(file)) {
      String line;
      while ((line = r.readLine()) != null) {
        int sp1 = line.indexOf(' ');
        int sp2 = sp1 < 0 ? -1 : line.indexOf(' ', sp1 + 1);
        if (sp2 < 0) {
          continue;
        }
        try {
          long start = hex(line.substring(0, sp1));
          long size = hex(line.substring(sp1 + 1, sp2));
          entries.add(new SymbolTable.Entry(line.substring(sp2 + 1), start, size, 1));
        } catch (NumberFormatException e) {
          // a line the JIT wrote half: skip it
        }
      }
    }
    return SymbolTable.of(entries);
  }

  private static long hex(String s) {
    return Long.parseUnsignedLong(s.startsWith("0x") ? s.substring(2) : s, 16);
  }
}
