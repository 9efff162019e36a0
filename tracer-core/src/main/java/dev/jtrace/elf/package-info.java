/**
 * A reader of ELF files (32 and 64 bit, either byte order): the file header, section and program
 * headers, symbol tables ({@code .symtab}, {@code .dynsym}), notes (the GNU build id), {@code
 * .gnu_debuglink} and the raw bytes of any section ({@code .gnu_debugdata}, CFI, BPF programs). It
 * reads what it is given and checks every offset against the file: a malformed file is one {@link
 * dev.jtrace.elf.ElfException} naming the file and the offset, never an index error. The symbolizer
 * ({@code dev.jtrace.symbols}) and the BPF object loader share it.
 */
package dev.jtrace.elf;
