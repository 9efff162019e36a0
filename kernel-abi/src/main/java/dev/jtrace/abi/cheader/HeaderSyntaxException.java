package dev.jtrace.abi.cheader;

/** Malformed header input; the message is one line: {@code file:line:column: expected …}. */
public final class HeaderSyntaxException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public HeaderSyntaxException(String file, int line, int column, String expected) {
    super(file + ":" + line + ":" + column + ": " + expected);
  }

  public static HeaderSyntaxException at(PpToken token, String expected) {
    return new HeaderSyntaxException(token.file(), token.line(), token.column(), expected);
  }
}
