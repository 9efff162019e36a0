/**
 * Per-syscall signatures: from the snapshot's {@code syscalls/sys_enter_*} formats, the argument
 * names and types, a rendering kind per argument ({@link
 * dev.jtrace.generator.signatures.BeautifierRules}) and the JavaPoet emitter of {@code
 * dev.jtrace.beauty.gen.SyscallSignatures}.
 */
package dev.jtrace.generator.signatures;
