package dev.jtrace.cli.args;

/**
 * A usage error: the message is the whole line to print (it names the command); the exit status is
 * 2.
 */
public final class BadArgs extends Exception {
  /** The exit status of a usage error, in every command. */
  public static final int STATUS = 2;

  BadArgs(String line) {
    super(line, null, false, false);
  }
}
