package dev.jtrace.generator.snapshot;

import java.io.IOException;

/** A snapshot file that does not follow docs/ABI-SNAPSHOT.md; the message is {@code file:line: expected …}. */
public final class SnapshotFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  public SnapshotFormatException(String file, int line, String expected) {
    super(file + ":" + line + ": expected " + expected);
  }
}
