package dev.jtrace.beauty;

/**
 * One argument of a syscall signature.
 *
 * @param name the argument's name in the kernel's format file, e.g. {@code filename}
 * @param type its C type there, e.g. {@code const char *}
 * @param kind how it is rendered
 */
public record ArgSpec(String name, String type, ArgKind kind) {}
