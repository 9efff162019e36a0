package dev.jtrace.perfdata;

/**
 * A perf.data input that does not follow the format: where it went wrong (a byte offset) and what.
 */
public final class PerfDataException extends RuntimeException {
  private final long offset;

  public PerfDataException(long offset, String message) {
    super(message, null, false, false);
    this.offset = offset;
  }

  /** The byte offset in the file (or the stream) where the bad structure starts. */
  public long offset() {
    return offset;
  }

  /** One line for a user: {@code offset 0x1a8: record size 0 is smaller than its header}. */
  public String describe() {
    return "offset 0x" + Long.toHexString(offset) + ": " + getMessage();
  }
}
