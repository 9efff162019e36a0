package dev.jtrace.abi.format;

/** A malformed format file; the message is one line: {@code file:line:column: expected …}. */
public final class FormatSyntaxException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public FormatSyntaxException(String file, int line, int column, String expected) {
    super(file + ":" + line + ":" + column + ": " + expected);
  }
}
