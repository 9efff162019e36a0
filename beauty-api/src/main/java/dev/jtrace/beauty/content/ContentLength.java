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
  RETURN,
  /**
   * The value of member {@code lengthMember} of the struct argument {@code arg} points at, read in
   * the same phase (msghdr's {@code msg_iovlen}: the kernel writes {@code msg_namelen} and {@code
   * msg_controllen} back at exit).
   */
  MEMBER
}
