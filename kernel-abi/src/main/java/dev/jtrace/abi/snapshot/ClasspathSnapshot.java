package dev.jtrace.abi.snapshot;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * A snapshot directory shipped as classpath resources, as a {@link Path} the reader can walk: a
 * directory when the resources are loose files, a directory of the jar's zip file system when they
 * are in a jar.
 */
public final class ClasspathSnapshot {
  /**
   * Where the tools-include-uapi jar holds the pinned snapshot (the directory with its {@code
   * MANIFEST}).
   */
  public static final String PINNED = "dev/jtrace/abi/pinned";

  private ClasspathSnapshot() {}

  /**
   * The pinned snapshot on this class's class path, or empty when no tools-include-uapi jar is
   * there.
   */
  public static Optional<Path> pinned() throws IOException {
    return find(ClasspathSnapshot.class.getClassLoader(), PINNED);
  }

  /**
   * The snapshot whose {@code MANIFEST} is the resource {@code dir/MANIFEST}, or empty when there
   * is none.
   */
  public static Optional<Path> find(ClassLoader loader, String dir) throws IOException {
    URL manifest = loader.getResource(dir + "/MANIFEST");
    if (manifest == null) {
      return Optional.empty();
    }
    URI uri;
    try {
      uri = manifest.toURI();
    } catch (URISyntaxException e) {
      throw new IOException(manifest + ": not a usable resource location", e);
    }
    if ("jar".equals(uri.getScheme())) {
      // The jar's file system stays open for the life of the JVM: the reader walks it lazily, and a
      // second
      // lookup (another thread, another test) finds it open already.
      try {
        FileSystems.newFileSystem(uri, Map.of());
      } catch (FileSystemAlreadyExistsException e) {
        // opened before: Path.of finds it
      }
    }
    return Optional.of(Path.of(uri).getParent());
  }

  /**
   * A snapshot path for messages: a file path as it is, a path inside a jar as its {@code jar:}
   * URI.
   */
  public static String display(Path p) {
    return p.getFileSystem() == FileSystems.getDefault() ? p.toString() : p.toUri().toString();
  }
}
