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
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Writes an {@link AbiSnapshot} as the text files of docs/ABI-SNAPSHOT.md. Deterministic: sorted,
 * no timestamps; files of an earlier snapshot that the new one lacks are removed ({@code TRACKED}
 * is kept).
 */
public final class SnapshotWriter {
  public static final String HEADERS = "headers";
  public static final String SYSCALLS = "syscalls";
  public static final String FORMATS = "formats";
  public static final String LAYOUTS = "layouts";
  public static final String FACTS = ".facts";

  private SnapshotWriter() {}

  public static void write(AbiSnapshot snapshot, Path dir) throws IOException {
    write(snapshot, dir, false);
  }

  /**
   * @param keepFormats leave the snapshot's formats (and their MANIFEST rows) as they are: a
   *     refresh made without a tracefs must not lose them
   */
  public static void write(AbiSnapshot snapshot, Path dir, boolean keepFormats) throws IOException {
    Files.createDirectories(dir);
    List<SourceFile> manifest = new java.util.ArrayList<>(snapshot.manifest());
    if (keepFormats) {
      manifest.removeIf(f -> f.path().startsWith("tracefs/"));
      manifest.addAll(formatSources(dir));
    }
    for (String sub :
        keepFormats
            ? List.of(HEADERS, SYSCALLS, LAYOUTS)
            : List.of(HEADERS, SYSCALLS, FORMATS, LAYOUTS)) {
      deleteTree(dir.resolve(sub));
    }
    AbiSnapshot written =
        new AbiSnapshot(
            snapshot.kernelVersion(),
            snapshot.headers(),
            snapshot.syscallTables(),
            snapshot.formats(),
            manifest,
            snapshot.layouts());
    Files.writeString(dir.resolve("MANIFEST"), manifest(written), StandardCharsets.UTF_8);
    for (HeaderFacts h : snapshot.headers().values()) {
      write(dir.resolve(HEADERS).resolve(h.path() + FACTS), header(h));
    }
    for (Map.Entry<String, SyscallTableFacts> e : snapshot.syscallTables().entrySet()) {
      write(dir.resolve(SYSCALLS).resolve(e.getKey() + FACTS), syscalls(e.getValue()));
    }
    for (Map.Entry<String, EventFormat> e : snapshot.formats().entrySet()) {
      write(dir.resolve(FORMATS).resolve(e.getKey() + FACTS), format(e.getValue()));
    }
    for (Map.Entry<String, ArchLayouts> e : snapshot.layouts().entrySet()) {
      write(dir.resolve(LAYOUTS).resolve(e.getKey() + FACTS), layouts(e.getValue()));
    }
  }

  /** One arch's layouts: its data model, then each struct, sorted, with its members in order. */
  public static String layouts(ArchLayouts a) {
    StringBuilder sb = new StringBuilder();
    sb.append("# ").append(a.arch()).append(" struct layouts, see docs/ABI-SNAPSHOT.md\n");
    sb.append("model\t").append(a.dataModel()).append('\n');
    a.structs().stream()
        .sorted(Comparator.comparing(StructLayoutFact::key))
        .forEach(
            s -> {
              sb.append(s.kind())
                  .append('\t')
                  .append(s.name())
                  .append('\t')
                  .append(s.size())
                  .append('\t')
                  .append(s.align())
                  .append('\t')
                  .append(s.file())
                  .append('\n');
              for (StructMember m : s.members()) {
                sb.append("member\t")
                    .append(m.name())
                    .append('\t')
                    .append(m.offset())
                    .append('\t')
                    .append(m.size())
                    .append('\t')
                    .append(m.type())
                    .append('\n');
              }
            });
    return sb.toString();
  }

  /** The tracefs rows of an existing MANIFEST. */
  private static List<SourceFile> formatSources(Path dir) throws IOException {
    Path manifest = dir.resolve("MANIFEST");
    if (!Files.isRegularFile(manifest)) {
      return List.of();
    }
    List<SourceFile> out = new java.util.ArrayList<>();
    for (String line : Files.readAllLines(manifest, StandardCharsets.UTF_8)) {
      String[] c = line.split("\t");
      if (c.length == 3 && c[0].equals("source") && c[1].startsWith("tracefs/")) {
        out.add(new SourceFile(c[1], c[2]));
      }
    }
    return out;
  }

  private static void write(Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, text, StandardCharsets.UTF_8);
  }

  private static void deleteTree(Path p) throws IOException {
    if (!Files.exists(p)) {
      return;
    }
    try (Stream<Path> s = Files.walk(p)) {
      for (Path f : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(f);
      }
    }
  }

  public static String manifest(AbiSnapshot s) {
    StringBuilder sb = new StringBuilder("# jtrace ABI snapshot, see docs/ABI-SNAPSHOT.md\n");
    sb.append("kernel\t").append(s.kernelVersion()).append('\n');
    s.manifest().stream()
        .sorted(Comparator.comparing(SourceFile::path))
        .forEach(
            f ->
                sb.append("source\t")
                    .append(f.path())
                    .append('\t')
                    .append(f.sha256())
                    .append('\n'));
    return sb.toString();
  }

  public static String header(HeaderFacts h) {
    StringBuilder sb = new StringBuilder();
    for (String inc : h.includes()) {
      sb.append("include\t").append(inc).append('\n');
    }
    for (Define d : h.defines()) {
      sb.append("define\t")
          .append(d.name())
          .append('\t')
          .append(d.value().isPresent() ? Long.toString(d.value().getAsLong()) : "?")
          .append('\t')
          .append(clean(d.expression()))
          .append('\n');
    }
    for (IoctlMacro m : h.ioctlMacros()) {
      sb.append("ioctlfn\t")
          .append(m.name())
          .append('\t')
          .append(String.join(",", m.params()))
          .append('\t')
          .append(m.value())
          .append('\t')
          .append(clean(m.expression()))
          .append('\n');
    }
    for (EnumConstant e : h.enums()) {
      sb.append("enum\t")
          .append(e.enumTag())
          .append('\t')
          .append(e.name())
          .append('\t')
          .append(e.value())
          .append('\n');
    }
    for (StructSize st : h.structs()) {
      sb.append(st.kind())
          .append('\t')
          .append(st.name())
          .append('\t')
          .append(st.size())
          .append('\n');
    }
    for (ErrnoFact e : h.errnos()) {
      sb.append("errno\t")
          .append(e.name())
          .append('\t')
          .append(e.value())
          .append('\t')
          .append(clean(e.description()))
          .append('\n');
    }
    return sb.toString();
  }

  public static String syscalls(SyscallTableFacts t) {
    StringBuilder sb = new StringBuilder();
    sb.append("# ").append(t.arch()).append(" from ").append(t.source()).append('\n');
    t.entries().stream()
        .sorted(Comparator.comparingInt(SyscallEntry::number))
        .forEach(e -> sb.append(e.number()).append('\t').append(e.name()).append('\n'));
    return sb.toString();
  }

  public static String format(EventFormat f) {
    StringBuilder sb = new StringBuilder();
    sb.append("id\t").append(f.id()).append('\n');
    for (FormatField x : f.fields()) {
      sb.append("field\t")
          .append(x.offset())
          .append('\t')
          .append(x.size())
          .append('\t')
          .append(x.signed() ? 1 : 0)
          .append('\t')
          .append(x.arrayLength())
          .append('\t')
          .append(x.dataLoc() ? 1 : 0)
          .append('\t')
          .append(x.common() ? 1 : 0)
          .append('\t')
          .append(x.name())
          .append('\t')
          .append(clean(x.type()))
          .append('\n');
    }
    sb.append("print\t").append(printColumn(f)).append('\n');
    return sb.toString();
  }

  /** The format's {@code print fmt} as its column holds it. */
  public static String printColumn(EventFormat f) {
    // A line break inside the format's string is written as C writes it in a string literal.
    return clean(f.printFormat().replace("\n", "\\n"));
  }

  /**
   * A text (an expression, a type, a description) as its column holds it: tabs and line ends would
   * break the columns; facts never need them.
   */
  public static String clean(String s) {
    return s.replace('\t', ' ').replace('\n', ' ').replace('\r', ' ');
  }
}
