package dev.jtrace.abi.snapshot;

import dev.jtrace.abi.model.AbiSnapshot;
import dev.jtrace.abi.model.ArchLayouts;
import dev.jtrace.abi.model.Define;
import dev.jtrace.abi.model.EnumConstant;
import dev.jtrace.abi.model.ErrnoFact;
import dev.jtrace.abi.model.EventFormat;
import dev.jtrace.abi.model.FormatField;
import dev.jtrace.abi.model.HeaderFacts;
import dev.jtrace.abi.model.IoctlMacro;
import dev.jtrace.abi.model.SourceFile;
import dev.jtrace.abi.model.StructLayoutFact;
import dev.jtrace.abi.model.StructMember;
import dev.jtrace.abi.model.StructSize;
import dev.jtrace.abi.model.SyscallEntry;
import dev.jtrace.abi.model.SyscallTableFacts;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Reads a snapshot directory (docs/ABI-SNAPSHOT.md) into an {@link AbiSnapshot}. Any line it does
 * not understand is an error naming the file and line, never a silent skip.
 */
public final class SnapshotReader {
  private static final String FACTS = ".facts";

  private final Path dir;

  private SnapshotReader(Path dir) {
    this.dir = dir;
  }

  /** Reads the snapshot rooted at {@code dir} (the directory holding {@code MANIFEST}). */
  public static AbiSnapshot read(Path dir) throws IOException {
    return new SnapshotReader(dir).read();
  }

  private AbiSnapshot read() throws IOException {
    Path manifestFile = dir.resolve("MANIFEST");
    if (!Files.isRegularFile(manifestFile)) {
      throw new SnapshotFormatException(
          manifestFile.toString(), "a MANIFEST file in the snapshot directory");
    }
    String[] kernel = {""};
    List<SourceFile> manifest = new ArrayList<>();
    forEachLine(
        manifestFile,
        (cols, at) -> {
          switch (cols[0]) {
            case "kernel" -> kernel[0] = at.column(1, "kernel\t<version>");
            case "source" -> {
              at.columns(3, "source\t<path>\t<sha256>");
              manifest.add(new SourceFile(cols[1], cols[2]));
            }
            default -> throw at.expected("kernel or source, not '" + cols[0] + "'");
          }
        });
    manifest.sort(java.util.Comparator.comparing(SourceFile::path));

    Map<String, HeaderFacts> headers = new TreeMap<>();
    for (Path f : factFiles(dir.resolve("headers"))) {
      String path = relativeWithoutSuffix(dir.resolve("headers"), f);
      headers.put(path, readHeader(path, f));
    }
    Map<String, SyscallTableFacts> syscalls = new TreeMap<>();
    for (Path f : factFiles(dir.resolve("syscalls"))) {
      String arch = relativeWithoutSuffix(dir.resolve("syscalls"), f);
      syscalls.put(arch, readSyscalls(arch, f));
    }
    Map<String, EventFormat> formats = new TreeMap<>();
    for (Path f : factFiles(dir.resolve("formats"))) {
      String key = relativeWithoutSuffix(dir.resolve("formats"), f);
      int slash = key.indexOf('/');
      if (slash < 0) {
        throw new SnapshotFormatException(f.toString(), "formats/<system>/<event>.facts");
      }
      formats.put(key, readFormat(key.substring(0, slash), key.substring(slash + 1), f));
    }
    Map<String, ArchLayouts> layouts = new TreeMap<>();
    for (Path f : factFiles(dir.resolve(SnapshotWriter.LAYOUTS))) {
      String arch = relativeWithoutSuffix(dir.resolve(SnapshotWriter.LAYOUTS), f);
      layouts.put(arch, readLayouts(arch, f));
    }
    return new AbiSnapshot(kernel[0], headers, syscalls, formats, manifest, layouts);
  }

  private ArchLayouts readLayouts(String arch, Path file) throws IOException {
    String[] model = {""};
    List<StructLayoutFact> structs = new ArrayList<>();
    List<List<StructMember>> members = new ArrayList<>();
    forEachLine(
        file,
        (cols, at) -> {
          switch (cols[0]) {
            case "model" -> model[0] = at.column(1, "model\t<data model>");
            case "struct", "union" -> {
              at.columns(5, cols[0] + "\t<tag>\t<size>\t<align>\t<tree path>");
              structs.add(
                  new StructLayoutFact(
                      cols[0], cols[1], at.number(2), at.number(3), cols[4], List.of()));
              members.add(new ArrayList<>());
            }
            case "member" -> {
              at.columns(5, "member\t<name>\t<offset>\t<size>\t<type>");
              if (members.isEmpty()) {
                throw at.expected("a struct or union line before its members");
              }
              members
                  .get(members.size() - 1)
                  .add(new StructMember(cols[1], at.number(2), at.number(3), cols[4]));
            }
            default -> throw at.expected("model, struct, union or member, not '" + cols[0] + "'");
          }
        });
    List<StructLayoutFact> out = new ArrayList<>();
    for (int i = 0; i < structs.size(); i++) {
      StructLayoutFact s = structs.get(i);
      out.add(
          new StructLayoutFact(s.kind(), s.name(), s.size(), s.align(), s.file(), members.get(i)));
    }
    return new ArchLayouts(arch, model[0], out);
  }

  private HeaderFacts readHeader(String path, Path file) throws IOException {
    List<String> includes = new ArrayList<>();
    List<Define> defines = new ArrayList<>();
    List<IoctlMacro> ioctlMacros = new ArrayList<>();
    List<EnumConstant> enums = new ArrayList<>();
    List<StructSize> structs = new ArrayList<>();
    List<ErrnoFact> errnos = new ArrayList<>();
    forEachLine(
        file,
        (cols, at) -> {
          switch (cols[0]) {
            case "include" -> includes.add(at.column(1, "include\t<tree path>"));
            case "define" -> {
              if (cols.length < 3 || cols.length > 4) {
                throw at.expected("define\t<NAME>\t<value or ?>\t<replacement text>");
              }
              OptionalLong v =
                  cols[2].equals("?") ? OptionalLong.empty() : OptionalLong.of(at.number(2));
              defines.add(new Define(cols[1], v, cols.length == 4 ? cols[3] : ""));
            }
            case "ioctlfn" -> {
              if (cols.length != 5 || cols[2].isEmpty()) {
                throw at.expected(
                    "ioctlfn\t<NAME>\t<parameters, comma-separated>\t<value with every argument 0>"
                        + "\t<replacement text>");
              }
              ioctlMacros.add(
                  new IoctlMacro(cols[1], List.of(cols[2].split(",", -1)), at.number(3), cols[4]));
            }
            case "enum" -> {
              at.columns(4, "enum\t<tag or ->\t<NAME>\t<value>");
              enums.add(new EnumConstant(cols[1], cols[2], at.number(3)));
            }
            case "struct", "union" -> {
              at.columns(3, cols[0] + "\t<NAME>\t<size>");
              structs.add(new StructSize(cols[0], cols[1], at.number(2)));
            }
            case "errno" -> {
              if (cols.length < 3 || cols.length > 4) {
                throw at.expected("errno\t<NAME>\t<value>\t<description>");
              }
              errnos.add(new ErrnoFact(cols[1], at.number(2), cols.length == 4 ? cols[3] : ""));
            }
            default ->
                throw at.expected(
                    "include, define, ioctlfn, enum, struct, union or errno, not '"
                        + cols[0]
                        + "'");
          }
        });
    return new HeaderFacts(path, includes, defines, ioctlMacros, enums, structs, errnos);
  }

  private SyscallTableFacts readSyscalls(String arch, Path file) throws IOException {
    List<SyscallEntry> entries = new ArrayList<>();
    forEachLine(
        file,
        (cols, at) -> {
          at.columns(2, "<number>\t<name>");
          entries.add(new SyscallEntry((int) at.number(0), cols[1]));
        });
    return new SyscallTableFacts(arch, source(arch, file), entries);
  }

  /**
   * The tree path the table came from, as its first line {@code # <arch> from <path>} names it, or
   * empty.
   */
  private static String source(String arch, Path file) throws IOException {
    String prefix = "# " + arch + " from ";
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String first = r.readLine();
      return first != null && first.startsWith(prefix) ? first.substring(prefix.length()) : "";
    }
  }

  private EventFormat readFormat(String system, String event, Path file) throws IOException {
    int[] id = {-1};
    List<FormatField> fields = new ArrayList<>();
    StringBuilder print = new StringBuilder();
    forEachLine(
        file,
        (cols, at) -> {
          switch (cols[0]) {
            case "id" -> {
              at.columns(2, "id\t<event id>");
              id[0] = (int) at.number(1);
            }
            case "field" -> {
              at.columns(
                  9,
                  "field\t<offset>\t<size>\t<signed>\t<array>\t<data_loc>\t<common>\t<name>\t<C"
                      + " type>");
              fields.add(
                  new FormatField(
                      cols[8],
                      cols[7],
                      (int) at.number(4),
                      at.flag(5),
                      (int) at.number(1),
                      (int) at.number(2),
                      at.flag(3),
                      at.flag(6)));
            }
            case "print" ->
                print.append(
                    cols.length > 1
                        ? String.join("\t", java.util.Arrays.copyOfRange(cols, 1, cols.length))
                        : "");
            default -> throw at.expected("id, field or print, not '" + cols[0] + "'");
          }
        });
    return new EventFormat(system, event, id[0], fields, print.toString());
  }

  private static List<Path> factFiles(Path root) throws IOException {
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(p -> Files.isRegularFile(p) && p.getFileName().toString().endsWith(FACTS))
          .sorted()
          .toList();
    }
  }

  private static String relativeWithoutSuffix(Path root, Path f) {
    String rel = root.relativize(f).toString().replace('\\', '/');
    return rel.substring(0, rel.length() - FACTS.length());
  }

  /** One parsed line: its columns and where it is. */
  @FunctionalInterface
  private interface LineHandler {
    void accept(String[] cols, Position at) throws SnapshotFormatException;
  }

  private void forEachLine(Path file, LineHandler handler) throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    String name = dir.relativize(file).toString();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String[] cols = line.split("\t", -1);
      handler.accept(cols, new Position(name, i + 1, cols));
    }
  }

  /** The line being read (file, number, columns), for error messages that point at a column. */
  private record Position(String file, int line, String[] cols) {
    /** The line as a whole is wrong. */
    SnapshotFormatException expected(String what) {
      return expectedAt(0, what);
    }

    /** Column {@code i} (0-based) is wrong; the message gives its 1-based character position. */
    private SnapshotFormatException expectedAt(int i, String what) {
      int column = 1;
      for (int j = 0; j < i; j++) {
        column += cols[j].length() + 1;
      }
      return new SnapshotFormatException(file, line, column, what);
    }

    void columns(int n, String form) throws SnapshotFormatException {
      if (cols.length != n) {
        throw expected(n + " tab-separated columns: " + form);
      }
    }

    String column(int i, String form) throws SnapshotFormatException {
      columns(i + 1, form);
      return cols[i];
    }

    long number(int i) throws SnapshotFormatException {
      String s = cols[i];
      try {
        return s.startsWith("-") ? Long.parseLong(s) : Long.parseUnsignedLong(s);
      } catch (NumberFormatException e) {
        throw expectedAt(i, "a decimal integer, not '" + s + "'");
      }
    }

    boolean flag(int i) throws SnapshotFormatException {
      return switch (cols[i]) {
        case "0" -> false;
        case "1" -> true;
        default -> throw expectedAt(i, "0 or 1, not '" + cols[i] + "'");
      };
    }
  }
}
