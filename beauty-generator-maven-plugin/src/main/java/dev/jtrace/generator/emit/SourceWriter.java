package dev.jtrace.generator.emit;

import com.palantir.javapoet.JavaFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Writes generated sources under a source root: same input, same bytes. Files of the generated package that
 * are no longer produced are removed, so a dropped table cannot linger.
 */
public final class SourceWriter {
  private SourceWriter() {}

  /** Writes the files, plus the generated package's package-info, and returns how many there are. */
  public static int write(Path root, List<JavaFile> files, Provenance provenance) throws IOException {
    Set<Path> written = new HashSet<>();
    Path info = root.resolve(TableEmitter.GENERATED_PACKAGE.replace('.', '/')).resolve("package-info.java");
    Files.createDirectories(info.getParent());
    String text =
        "// " + provenance.fileComment().replace("\n", "\n// ") + "\n"
            + "/** Generated string tables, one class per table; look them up through {@code Tables}. */\n"
            + "package " + TableEmitter.GENERATED_PACKAGE + ";\n";
    writeIfChanged(info, text.getBytes(StandardCharsets.UTF_8));
    written.add(info);
    for (JavaFile f : files) {
      Path dir = root.resolve(f.packageName().replace('.', '/'));
      Files.createDirectories(dir);
      Path out = dir.resolve(f.typeSpec().name() + ".java");
      writeIfChanged(out, f.toString().getBytes(StandardCharsets.UTF_8));
      written.add(out);
    }
    Path generated = root.resolve(TableEmitter.GENERATED_PACKAGE.replace('.', '/'));
    if (Files.isDirectory(generated)) {
      try (Stream<Path> s = Files.list(generated)) {
        for (Path p : s.toList()) {
          if (p.toString().endsWith(".java") && !written.contains(p)) {
            Files.delete(p);
          }
        }
      }
    }
    return written.size();
  }

  /** Writes one file outside the tables' package (which {@link #write} prunes); returns 1. */
  public static int writeOther(Path root, JavaFile file) throws IOException {
    Path dir = root.resolve(file.packageName().replace('.', '/'));
    Files.createDirectories(dir);
    writeIfChanged(dir.resolve(file.typeSpec().name() + ".java"), file.toString().getBytes(StandardCharsets.UTF_8));
    return 1;
  }

  private static void writeIfChanged(Path out, byte[] bytes) throws IOException {
    if (!Files.exists(out) || !java.util.Arrays.equals(Files.readAllBytes(out), bytes)) {
      Files.write(out, bytes);
    }
  }
}
