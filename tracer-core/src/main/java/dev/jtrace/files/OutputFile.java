package dev.jtrace.files;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Opens an output file safely when jtrace runs as root in a directory others can write (/tmp): a
 * symbolic link at the path is refused (another user may have planted it to have root overwrite its
 * target, or create a file where a dangling one points); an existing regular file is kept as {@code
 * FILE.old}, as perf does, and the new one is created exclusively with mode 0600 (a system-wide
 * trace shows every user's file names). Devices and fifos ({@code /dev/null}) are written as they
 * are, and so are jtrace's own inherited descriptors by name ({@code /dev/stdout}).
 */
public final class OutputFile {
  private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY =
      PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));

  private OutputFile() {}

  /**
   * The new file, open for writing; the IOException's message is one line naming the path and the
   * reason.
   */
  public static FileChannel create(Path path) throws IOException {
    Path inherited = inheritedDescriptor(path);
    if (inherited != null) {
      // the user's own stdout/stderr (-o /dev/stdout): where the caller's shell pointed it, not a
      // link
      // planted in a shared directory
      try {
        return FileChannel.open(
            inherited, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
      } catch (IOException e) {
        throw cannotWrite(path, IoErrors.reason(e), e);
      }
    }
    BasicFileAttributes existing;
    try {
      existing = attributes(path);
    } catch (IOException e) {
      throw cannotWrite(path, IoErrors.reason(e), e);
    }
    if (existing != null && existing.isSymbolicLink()) {
      throw cannotWrite(path, "it is a symbolic link (jtrace does not write through links)", null);
    }
    if (existing != null && existing.isDirectory()) {
      throw cannotWrite(path, "Is a directory", null);
    }
    try {
      if (existing != null && existing.isOther()) {
        return FileChannel.open(path, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
      }
      if (existing != null && existing.size() > 0) {
        Files.move(path, Path.of(path + ".old"), StandardCopyOption.REPLACE_EXISTING);
      } else if (existing != null) {
        Files.delete(path);
      }
      // CREATE_NEW is O_CREAT|O_EXCL, which never follows a link planted after the check above
      return FileChannel.open(
          path,
          Set.of(
              StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS),
          OWNER_ONLY);
    } catch (IOException e) {
      throw cannotWrite(path, IoErrors.reason(e), e);
    }
  }

  /**
   * {@code /proc/self/fd/N} for the names of a descriptor jtrace inherited ({@code /dev/stdout},
   * {@code /dev/stderr}, {@code /dev/fd/N}, {@code /proc/self/fd/N}); null for any other path.
   */
  static Path inheritedDescriptor(Path path) {
    String p = path.toString();
    String fd =
        switch (p) {
          case "/dev/stdout" -> "1";
          case "/dev/stderr" -> "2";
          default -> {
            for (String dir : new String[] {"/dev/fd/", "/proc/self/fd/"}) {
              if (p.startsWith(dir) && p.length() > dir.length()) {
                String n = p.substring(dir.length());
                if (n.chars().allMatch(Character::isDigit)) {
                  yield n;
                }
              }
            }
            yield null;
          }
        };
    return fd == null ? null : Path.of("/proc/self/fd", fd);
  }

  private static IOException cannotWrite(Path path, String reason, IOException cause) {
    return new IOException("cannot write " + path + ": " + reason, cause);
  }

  private static BasicFileAttributes attributes(Path path) throws IOException {
    try {
      return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      return null;
    }
  }
}
