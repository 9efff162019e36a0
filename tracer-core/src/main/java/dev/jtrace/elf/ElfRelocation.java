package dev.jtrace.elf;

/**
 * One entry of a relocation section (SHT_REL or SHT_RELA): where in the target section, which
 * symbol (an index into the linked symbol table), the arch's relocation type, and the addend (0 for
 * SHT_REL, whose addend is in the patched bytes).
 */
/**
 * The symbol is an index into the linked table, whose entry 0 is none: {@code
 * symbols(table).get(symbol - 1)}.
 */
public record ElfRelocation(long offset, int symbol, int type, long addend) {}
