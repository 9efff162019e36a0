/** Which syscalls to trace: -e expressions (names, globs, groups, negation) resolved to numbers. */
package dev.jtrace.tracer.select;
