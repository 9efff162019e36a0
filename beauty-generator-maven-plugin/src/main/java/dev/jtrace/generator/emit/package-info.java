/**
 * Generation of beauty-runtime's sources: the JavaPoet emitters of the table classes
 * ({@code dev.jtrace.beauty.table.gen}), the wiring that also writes the syscall signatures
 * ({@code dev.jtrace.beauty.gen}), each file with a provenance header (kernel version, manifest digest; never
 * a timestamp) and written deterministically, and the stamp that skips generation when nothing changed.
 */
package dev.jtrace.generator.emit;
