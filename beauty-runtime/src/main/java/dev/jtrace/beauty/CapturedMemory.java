package dev.jtrace.beauty;

/**
 * User memory captured at the syscall (by the kernel's format fields or by eBPF): strings for
 * pointer arguments. A beautifier prints the pointer when nothing was captured.
 */
public interface CapturedMemory {
  CapturedMemory NONE = argIndex -> null;

  /**
   * The string argument {@code argIndex} (0–5) pointed to, as a {@link ByteText} byte string (one
   * char per byte), or null when it was not captured.
   */
  String string(int argIndex);
}
