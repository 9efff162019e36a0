/**
 * The JavaPoet emitters of beauty-runtime's table classes ({@code dev.jtrace.beauty.table.gen}) and
 * their index, each file with a provenance header (kernel version, manifest digest; never a
 * timestamp), and the writer that puts a package on disk deterministically, touching only files
 * whose bytes change.
 */
package dev.jtrace.generator.emit;
