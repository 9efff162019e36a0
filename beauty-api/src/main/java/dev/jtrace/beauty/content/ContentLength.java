package dev.jtrace.beauty.content;

/** Where the element count of a copy comes from. */
public enum ContentLength {
  /** One element, or {@code maxElements} fixed elements (pipe's {@code int[2]}). */
  FIXED,
  /** The value of argument {@code lengthArg}. */
  ARG,
  /**
   * The u32 argument {@code lengthArg} points at, read in the same phase ({@code socklen_t
   * *addrlen}).
   */
  ARG_POINTEE,
  /** The return value when it is not negative (exit only: read's byte count). */
  RETURN
}
