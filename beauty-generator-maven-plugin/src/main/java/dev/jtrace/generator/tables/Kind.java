package dev.jtrace.generator.tables;

/**
 * The kind of a generated table; mirrors {@code dev.jtrace.beauty.table.TableKind} (the runtime is built
 * for Java 25 and cannot be a dependency of this plugin).
 */
public enum Kind {
  VALUE,
  FLAGS,
  OFFSET,
  IOCTL,
  ERRNO,
  SYSCALL
}
