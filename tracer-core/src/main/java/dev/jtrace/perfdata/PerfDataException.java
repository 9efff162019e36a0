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
    return "offset 0x" + Long.toHexString(offset) + ": " + oneLine(getMessage());
  }

  /**
   * The text with control characters (a damaged name's newline, NUL or escape) written as {@code
   * \xNN}: a message quotes bytes of the file, and it must stay one line that cannot drive a
   * terminal.
   */
  public static String oneLine(String text) {
    StringBuilder sb = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean control = c < 0x20 || (c >= 0x7f && c < 0xa0);
      if (control && sb == null) sb = new StringBuilder(text.length() + 8).append(text, 0, i);
      if (control) {
        sb.append(String.format("\\x%02x", (int) c));
      } else if (sb != null) {
        sb.append(c);
      }
    }
    return sb == null ? text : sb.toString();
  }
}
