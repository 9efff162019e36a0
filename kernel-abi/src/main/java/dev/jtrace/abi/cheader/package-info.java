/**
 * The C header subset the kernel's UAPI is written in: a preprocessor (conditionals, includes,
 * object- and function-like macros), integer constant expressions (ANTLR grammar {@code CExpr}),
 * and the declarations that give enum values and struct sizes for LP64 x86_64.
 */
package dev.jtrace.abi.cheader;
