package dev.jtrace.tracer.btf;

/**
 * BTF that cannot be read: damaged or truncated data (the message names the source and the byte
 * offset), or a struct or member the kernel's BTF does not have.
 */
public final class BtfException extends Exception {
  private static final long serialVersionUID = 1L;

  public BtfException(String message) {
    super(message);
  }
}
