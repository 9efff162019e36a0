package dev.jtrace.generator.emit;

import com.palantir.javapoet.JavaFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Writes one generated package under a source root: same input, same bytes. The package's other
 * {@code .java} files, no longer produced, are removed, so a dropped table cannot linger.
 */
public final class SourceWriter {
  private SourceWriter() {}

  /**
   * Writes the files and the package's package-info; returns how many files the package has.
   *
   * @param description the package-info's javadoc sentence
   */
  public static int writePackage(
      Path root,
      String packageName,
      String description,
      List<JavaFile> files,
      Provenance provenance)
      throws IOException {
    Path dir = root.resolve(packageName.replace('.', '/'));
    Files.createDirectories(dir);
    Set<Path> written = new HashSet<>();
    Path info = dir.resolve("package-info.java");
    String text =
        "// "
            + provenance.fileComment().replace("\n", "\n// ")
            + "\n"
            + "/** "
            + description
            + " */\n"
            + "package "
            + packageName
            + ";\n";
    writeIfChanged(info, text.getBytes(StandardCharsets.UTF_8));
    written.add(info);
    for (JavaFile f : files) {
      if (!f.packageName().equals(packageName)) {
        throw new IllegalArgumentException(f.typeSpec().name() + " is not in " + packageName);
      }
      Path out = dir.resolve(f.typeSpec().name() + ".java");
      writeIfChanged(out, f.toString().getBytes(StandardCharsets.UTF_8));
      written.add(out);
    }
    try (Stream<Path> s = Files.list(dir)) {
      for (Path p : s.toList()) {
        if (p.toString().endsWith(".java") && !written.contains(p)) {
          Files.delete(p);
        }
      }
    }
    return written.size();
  }

  private static void writeIfChanged(Path out, byte[] bytes) throws IOException {
    if (!Files.exists(out) || !Arrays.equals(Files.readAllBytes(out), bytes)) {
      Files.write(out, bytes);
    }
  }
}
