package dev.jtrace.generator.tables;

/**
 * Which name a value prints with when several names share it; the others stay parseable aliases.
 */
public enum Duplicates {
  /** The first name in selection order (errno aliases such as EDEADLOCK after EDEADLK). */
  FIRST,
  /**
   * The last name in selection order, as a C array initialised in that order keeps it (perf's
   * tables).
   */
  LAST,
  /** The alphabetically last name: perf's tables whose lines went through {@code sort}. */
  LAST_BY_NAME
}
