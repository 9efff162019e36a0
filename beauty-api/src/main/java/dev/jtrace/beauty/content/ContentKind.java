package dev.jtrace.beauty.content;

/** The shape of the user memory an argument points at. */
public enum ContentKind {
  /** NUL-terminated bytes, copied up to the string limit. */
  STRING,
  /**
   * {@code elementSize * count} bytes: a struct (count 1), an array of structs, or a buffer
   * (elementSize 1).
   */
  BYTES,
  /** {@code count} {@code struct iovec}s; each buffer copied up to the limit. */
  IOVEC,
  /** A NULL-terminated array of string pointers (execve's argv). */
  STRING_ARRAY
}
