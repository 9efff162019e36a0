package dev.jtrace.tracer.bpfobject;

/** An object (or a C source) jtrace cannot use: one line naming the file and what was expected. */
public final class BpfObjectException extends Exception {
  public BpfObjectException(String message) {
    super(message, null, false, false);
  }
}
