package dev.jtrace.abi.cheader;

/**
 * An expression that is well formed but has no integer value here (unknown name, type, division by
 * 0).
 */
public final class UnknownValueException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public UnknownValueException(String why) {
    super(why, null, false, false);
  }
}
