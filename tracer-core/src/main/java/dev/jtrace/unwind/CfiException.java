package dev.jtrace.unwind;

/** Call frame information that cannot be read: names the section, the offset and what was wrong. */
public final class CfiException extends Exception {
  private final long offset;

  public CfiException(String section, long offset, String message) {
    super(section + " at 0x" + Long.toHexString(offset) + ": " + message);
    this.offset = offset;
  }

  /** The offset in the section where the problem is. */
  public long offset() {
    return offset;
  }
}
