package dev.jtrace.tracer.perf;

import java.io.IOException;

/** A kernel call refused: the message names the call, the errno text and what to change. */
public final class PerfException extends IOException {
  private final int errno;

  public PerfException(String message, int errno) {
    super(message);
    this.errno = errno;
  }

  /** The errno the kernel returned, or 0 when the failure was not a syscall's. */
  public int errno() {
    return errno;
  }
}
