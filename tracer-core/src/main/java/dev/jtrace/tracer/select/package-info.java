/**
 * What to trace: -e expressions resolved to syscall numbers (names, globs, groups, negation) and to
 * tracefs events ({@code system:name} with globs) traced beside them.
 */
package dev.jtrace.tracer.select;
