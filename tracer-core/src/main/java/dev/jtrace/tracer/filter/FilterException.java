package dev.jtrace.tracer.filter;

/**
 * A filter that cannot be parsed or bound: what was expected, and where (a 1-based column in the
 * expression).
 */
public final class FilterException extends Exception {
  private final int column;

  public FilterException(int position, String message) {
    super(message, null, false, false);
    this.column = position + 1;
  }

  /** The 1-based column of the offending text. */
  public int column() {
    return column;
  }

  /** One line: {@code at column 4: expected a value after '=='}. */
  public String describe() {
    return "at column " + column + ": " + getMessage();
  }
}
