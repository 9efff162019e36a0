/**
 * User stacks unwound in Java from a sampled copy ({@code --call-graph dwarf}): the kernel gives
 * the user registers at the sample and a copy of the top of the user stack
 * (PERF_SAMPLE_REGS_USER|STACK_USER); {@link dev.jtrace.unwind.Unwinder} walks it frame by frame
 * with the call frame information of each binary ({@link dev.jtrace.unwind.CfiTable}: {@code
 * .eh_frame}, else {@code .debug_frame} of the binary or of its separate debug file). The registers
 * are an {@link dev.jtrace.unwind.RegisterModel} (x86_64 here; aarch64 is another model). Each
 * binary's CFI is read once ({@link dev.jtrace.unwind.CfiCache}); an unwind allocates nothing.
 * Malformed CFI is a {@link dev.jtrace.unwind.CfiException} naming the section and offset, and the
 * unwind stops there.
 */
package dev.jtrace.unwind;
