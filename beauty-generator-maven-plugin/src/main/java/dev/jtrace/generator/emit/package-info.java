/**
 * JavaPoet emitters: table models to Java sources in {@code dev.jtrace.beauty.table.gen} of beauty-runtime,
 * with a provenance header (kernel version, manifest digest; never a timestamp), written deterministically.
 */
package dev.jtrace.generator.emit;
