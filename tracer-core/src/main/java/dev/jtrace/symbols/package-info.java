/**
 * Addresses to names: {@link dev.jtrace.symbols.Symbolizer} turns a callchain's addresses into
 * function, offset and binary, from the process's mappings ({@code /proc/PID/maps} at attach, MMAP2
 * records after), the binaries' symbol tables (their own {@code .symtab}/{@code .dynsym}, separate
 * debug files found by build id or {@code .gnu_debuglink}, MiniDebugInfo), the kernel's {@code
 * /proc/kallsyms} and JIT maps ({@code /tmp/perf-PID.map}). C++ and Rust names are demangled. Each
 * binary is read once (cached by build id or device and inode); lookups after that are binary
 * searches that allocate nothing.
 */
package dev.jtrace.symbols;
