package dev.jtrace.generator.tables;

/** Which facts of a header a selector reads. */
public enum FactType {
  /**
   * Object-like {@code #define}s; in ioctl tables also the function-like ioctl commands with a size
   * argument ({@code ioctlfn} facts).
   */
  DEFINE,
  /** Enumerators. */
  ENUM
}
