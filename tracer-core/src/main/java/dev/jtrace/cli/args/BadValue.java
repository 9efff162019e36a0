package dev.jtrace.cli.args;

/**
 * A value an option cannot take; the message says why ({@code not a number: abc}), the parser adds
 * the option.
 */
public final class BadValue extends Exception {
  public BadValue(String message) {
    super(message, null, false, false);
  }
}
