package dev.jtrace.generator.tables;

/** Which facts of a header a selector reads. */
public enum FactType {
  /** Object-like {@code #define}s. */
  DEFINE,
  /** Enumerators. */
  ENUM
}
