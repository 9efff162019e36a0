package dev.jtrace.generator.generate;

import dev.jtrace.abi.snapshot.SnapshotReader;
import dev.jtrace.generator.emit.Provenance;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * A digest of everything generation depends on: the snapshot's files and the generator's own code.
 * When the stamp file holds the same digest and the output exists, nothing needs generating.
 */
public final class GenerationStamp {
  /** One class of each code base generation runs: this plugin and kernel-abi. */
  private static final List<Class<?>> CODE = List.of(GenerationStamp.class, SnapshotReader.class);

  private GenerationStamp() {}

  /**
   * sha256 over the snapshot's files (relative path and bytes, sorted by path) and the generator's
   * code.
   */
  public static String compute(Path snapshotDir, String generatorVersion) throws IOException {
    MessageDigest md = Provenance.sha256();
    md.update(("generator\t" + generatorVersion + "\n").getBytes(StandardCharsets.UTF_8));
    hashTree(md, snapshotDir);
    return HexFormat.of().formatHex(md.digest());
  }

  /**
   * The generator's version and a digest of its code: the plugin's classes and kernel-abi's (the
   * parsers and the snapshot reader), so that a rebuilt plugin or parser regenerates.
   */
  public static String generatorVersion(String pluginVersion) throws IOException {
    MessageDigest md = Provenance.sha256();
    List<Path> locations = codeLocations();
    for (int i = 0; i < CODE.size(); i++) {
      Path code = locations.get(i);
      if (code != null && Files.isDirectory(code)) {
        hashTree(md, code);
      } else if (code != null && Files.isRegularFile(code)) {
        md.update(Files.readAllBytes(code));
      } else {
        md.update(CODE.get(i).getName().getBytes(StandardCharsets.UTF_8));
      }
    }
    return pluginVersion + "+" + HexFormat.of().formatHex(md.digest()).substring(0, 16);
  }

  /**
   * Where the code generation runs was loaded from: the plugin's, then kernel-abi's jar or classes
   * (null: unknown).
   */
  static List<Path> codeLocations() {
    return CODE.stream().map(GenerationStamp::codeLocation).toList();
  }

  /**
   * The jar or class directory the class was loaded from, or null when the class loader does not
   * tell.
   */
  private static Path codeLocation(Class<?> anchor) {
    CodeSource source = anchor.getProtectionDomain().getCodeSource();
    if (source == null || source.getLocation() == null) {
      return null;
    }
    try {
      return Path.of(source.getLocation().toURI());
    } catch (URISyntaxException | IllegalArgumentException e) {
      return null;
    }
  }

  private static void hashTree(MessageDigest md, Path root) throws IOException {
    if (!Files.isDirectory(root)) {
      throw new IOException(root + ": not a directory");
    }
    List<Path> files;
    try (Stream<Path> s = Files.walk(root)) {
      files = s.filter(Files::isRegularFile).sorted().toList();
    }
    for (Path f : files) {
      md.update(
          (root.relativize(f).toString().replace('\\', '/') + "\n")
              .getBytes(StandardCharsets.UTF_8));
      md.update(Files.readAllBytes(f));
    }
  }

  /** True when {@code stampFile} holds {@code stamp}. */
  public static boolean matches(Path stampFile, String stamp) throws IOException {
    return Files.isRegularFile(stampFile)
        && Files.readString(stampFile, StandardCharsets.UTF_8).trim().equals(stamp);
  }

  public static void write(Path stampFile, String stamp) throws IOException {
    Files.createDirectories(stampFile.getParent());
    Files.writeString(stampFile, stamp + "\n", StandardCharsets.UTF_8);
  }
}
