/**
 * Facts from a kernel tree (and tracefs): {@link dev.jtrace.abi.extract.KernelTree} finds files in
 * a source tree or an installed-headers prefix, {@link dev.jtrace.abi.extract.SnapshotBuilder} runs
 * the header analyzer, the syscall tables and the format reader over it. Syscall numbers per arch
 * ABI: where each ABI's .tbl lives and which of its rows it takes ({@link
 * dev.jtrace.abi.extract.SyscallTableSpec}), the .tbl parser, and {@link
 * dev.jtrace.abi.extract.SyscallTables}, which reads them with the asm/unistd.h fallback.
 */
package dev.jtrace.abi.extract;
