package dev.jtrace.cli.args;

/**
 * A command's work once its arguments parsed; a {@link BadArgs} it throws is reported as the
 * parser's own.
 */
@FunctionalInterface
public interface Command {
  /** Returns the exit status. */
  int run(ParsedArgs args) throws BadArgs;
}
