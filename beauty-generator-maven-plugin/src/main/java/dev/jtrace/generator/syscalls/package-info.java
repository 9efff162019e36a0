/** Syscall numbers per arch, from the kernel's syscall .tbl files or from asm/unistd.h macros. */
package dev.jtrace.generator.syscalls;
