/**
 * Syscall numbers per arch ABI: where each ABI's .tbl lives and which of its rows it takes
 * ({@link dev.jtrace.generator.syscalls.SyscallTableSpec}), and the .tbl parser. Reading a kernel tree, with
 * the asm/unistd.h fallback, is {@code dev.jtrace.generator.snapshot.SyscallTables}.
 */
package dev.jtrace.generator.syscalls;
