/**
 * One generation run, end to end: {@link dev.jtrace.generator.generate.BeautyGeneration} reads the
 * snapshot, plans the tables, derives the syscall signatures and writes both packages; {@link
 * dev.jtrace.generator.generate.StampedGeneration} skips the run when the {@link
 * dev.jtrace.generator.generate.GenerationStamp} (snapshot files, plugin and kernel-abi code) is
 * unchanged.
 */
package dev.jtrace.generator.generate;
