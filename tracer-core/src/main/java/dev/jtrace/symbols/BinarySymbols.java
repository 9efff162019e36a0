package dev.jtrace.symbols;

import dev.jtrace.elf.ElfException;
import dev.jtrace.elf.ElfFile;
import dev.jtrace.elf.ElfSection;
import dev.jtrace.elf.ElfSegment;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.tukaani.xz.XZInputStream;

/**
 * The symbols of one ELF binary, wherever they are: its own {@code .symtab}; else a separate debug
 * file (by build id under the debug root, else by {@code .gnu_debuglink} beside the binary, in its
 * {@code .debug/} or under the debug root); else its MiniDebugInfo ({@code .gnu_debugdata}, an xz
 * ELF with the local functions) together with its {@code .dynsym}; else the {@code .dynsym} alone.
 * Also its loadable segments, to turn a mapped file offset into the address the symbols use.
 *
 * @param path the binary
 * @param buildId lower-case hex, or null
 * @param symbolSource where the symbols came from (a path, or a short phrase)
 * @param problem why no symbols could be read (null when read)
 */
public record BinarySymbols(
    String path,
    String buildId,
    List<ElfSegment> segments,
    SymbolTable symbols,
    String symbolSource,
    String problem) {

  /** A binary that could not be read: no symbols, and why. */
  public static BinarySymbols unreadable(String path, String problem) {
    return new BinarySymbols(path, null, List.of(), SymbolTable.EMPTY, null, problem);
  }

  /**
   * The address symbols use for this offset in the file (-1: no segment loads it; then the offset
   * itself is tried, as for a file without program headers).
   */
  public long addressOfOffset(long fileOffset) {
    for (ElfSegment s : segments) {
      if (s.type() == ElfSegment.PT_LOAD && s.containsOffset(fileOffset)) {
        return fileOffset - s.offset() + s.vaddr();
      }
    }
    return segments.isEmpty() ? fileOffset : -1;
  }

  /** Reads a binary's symbols from the best source found. */
  public static BinarySymbols load(Path path, Path debugRoot) {
    ElfFile elf;
    try {
      elf = ElfFile.open(path);
    } catch (IOException e) {
      return unreadable(path.toString(), e.getMessage());
    } catch (ElfException e) {
      return unreadable(path.toString(), e.getMessage());
    }
    String buildId = null;
    try {
      buildId = elf.buildId();
    } catch (ElfException e) {
      // a damaged note: look the debug file up by its link instead
    }
    try {
      List<SymbolTable.Entry> entries = SymbolTable.functions(elf, elf.symbols(".symtab"));
      String source = path.toString();
      if (entries.isEmpty()) {
        ElfFile debug = debugFile(elf, path, buildId, debugRoot);
        if (debug != null) {
          entries = SymbolTable.functions(debug, debug.symbols(".symtab"));
          source = debug.name();
        }
      }
      if (entries.isEmpty()) {
        entries = new ArrayList<>(miniDebugInfo(elf));
        source = entries.isEmpty() ? path + " (.dynsym)" : path + " (.gnu_debugdata)";
        entries.addAll(SymbolTable.functions(elf, elf.symbols(".dynsym")));
      }
      return new BinarySymbols(
          path.toString(), buildId, elf.segments(), SymbolTable.of(entries), source, null);
    } catch (ElfException e) {
      return new BinarySymbols(
          path.toString(), buildId, elf.segments(), SymbolTable.EMPTY, null, e.getMessage());
    }
  }

  /**
   * The separate debug file of this binary (by build id under the debug root, else by {@code
   * .gnu_debuglink}), or null.
   */
  public static ElfFile debugFile(ElfFile elf, Path path, String buildId, Path debugRoot) {
    List<Path> candidates = new ArrayList<>();
    if (buildId != null && buildId.length() > 2) {
      candidates.add(
          debugRoot
              .resolve(".build-id")
              .resolve(buildId.substring(0, 2))
              .resolve(buildId.substring(2) + ".debug"));
    }
    try {
      String link = elf.debugLink();
      Path dir = path.toAbsolutePath().getParent();
      if (link != null && dir != null && !link.contains("/")) {
        candidates.add(dir.resolve(link));
        candidates.add(dir.resolve(".debug").resolve(link));
        candidates.add(Path.of(debugRoot + dir.toString()).resolve(link));
      }
    } catch (ElfException e) {
      // no usable link: only the build id is tried
    }
    for (Path c : candidates) {
      if (c.equals(path) || !Files.isRegularFile(c)) {
        continue;
      }
      try {
        ElfFile debug = ElfFile.open(c);
        String id = debug.buildId();
        if (buildId == null || id == null || id.equals(buildId)) {
          return debug;
        }
      } catch (IOException | ElfException e) {
        // a damaged or foreign debug file: try the next
      }
    }
    return null;
  }

  /** The functions of the xz-compressed ELF in {@code .gnu_debugdata}, or none. */
  static List<SymbolTable.Entry> miniDebugInfo(ElfFile elf) throws ElfException {
    ElfSection s = elf.section(".gnu_debugdata");
    if (s == null) {
      return List.of();
    }
    byte[] image;
    try (InputStream in = new XZInputStream(new ByteArrayInputStream(elf.bytes(s)))) {
      image = in.readAllBytes();
    } catch (IOException e) {
      throw new ElfException(
          elf.name(), s.offset(), "bad xz data in .gnu_debugdata: " + e.getMessage());
    }
    ElfFile mini = ElfFile.parse(elf.name() + "[.gnu_debugdata]", image);
    return SymbolTable.functions(mini, mini.symbols(".symtab"));
  }
}
