package dev.jtrace.beauty;

/**
 * One argument of a syscall signature.
 *
 * @param name the argument's name in the kernel's format file, e.g. {@code filename}
 * @param type its C type there, e.g. {@code const char *}
 * @param kind how it is rendered
 */
public record ArgSpec(String name, String type, ArgKind kind) {
  /**
   * Whether the renderer prints the string this argument points to, when it was captured at the
   * call: paths and char pointers, and prctl's arg2 (SET_NAME's name; for the other options the
   * capture finds nothing or goes unused).
   */
  public boolean printsUserString() {
    return (type.contains("*") && (kind == ArgKind.FILENAME || kind == ArgKind.STRING))
        || (kind == ArgKind.PRCTL_ARG && name.equals("arg2"));
  }
}
