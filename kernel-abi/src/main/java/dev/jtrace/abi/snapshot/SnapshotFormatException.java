package dev.jtrace.abi.snapshot;

import java.io.IOException;

/**
 * A snapshot file that does not follow docs/ABI-SNAPSHOT.md; the message is one line, {@code
 * file:line:column: expected …}, or {@code file: expected …} for a missing or misplaced file.
 */
public final class SnapshotFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  public SnapshotFormatException(String file, int line, int column, String expected) {
    super(file + ":" + line + ":" + column + ": expected " + expected);
  }

  public SnapshotFormatException(String file, String expected) {
    super(file + ": expected " + expected);
  }
}
