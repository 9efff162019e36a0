package dev.jtrace.files;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.NotLinkException;

/**
 * The reason an I/O operation failed, worded as the C library's strerror. The JDK's file-system
 * exceptions often carry only the path as their message ({@code NoSuchFileException: /x}), which
 * turned errors into {@code cannot write /x: /x}.
 */
public final class IoErrors {
  private IoErrors() {}

  /**
   * {@code No such file or directory}, {@code Permission denied}, the OS's reason, or the message.
   */
  public static String reason(IOException e) {
    return switch (e) {
      case NoSuchFileException n ->
          n.getReason() != null ? n.getReason() : "No such file or directory";
      case AccessDeniedException a -> a.getReason() != null ? a.getReason() : "Permission denied";
      case FileAlreadyExistsException f -> f.getReason() != null ? f.getReason() : "File exists";
      case NotDirectoryException n -> "Not a directory";
      case DirectoryNotEmptyException d -> "Directory not empty";
      case NotLinkException n -> "Not a symbolic link";
      case FileSystemException f when f.getReason() != null -> f.getReason();
      default -> e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    };
  }

  /**
   * A whole message for an exception nobody caught sooner: {@code FILE: reason} for a file-system
   * exception, else its message.
   */
  public static String describe(IOException e) {
    if (e instanceof FileSystemException f && f.getFile() != null) {
      return f.getFile()
          + (f.getOtherFile() != null ? " -> " + f.getOtherFile() : "")
          + ": "
          + reason(e);
    }
    return reason(e);
  }
}
