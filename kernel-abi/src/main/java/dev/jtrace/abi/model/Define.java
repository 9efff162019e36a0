package dev.jtrace.abi.model;

import java.util.OptionalLong;

/**
 * One object-like {@code #define} that survived preprocessing for the file's target arch.
 *
 * @param name the macro name
 * @param value the integer value when the expression could be evaluated, empty otherwise (strings,
 *     types)
 * @param expression the replacement text, comments removed and white space folded to single blanks
 */
public record Define(String name, OptionalLong value, String expression) {}
