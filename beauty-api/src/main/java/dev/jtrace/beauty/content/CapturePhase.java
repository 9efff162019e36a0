package dev.jtrace.beauty.content;

/** When the memory is copied. */
public enum CapturePhase {
  /** At syscall entry: what the caller passes in. */
  ENTER,
  /** At syscall exit: what the kernel wrote back (stat's result, read's bytes, pipe's fds). */
  EXIT
}
