package dev.jtrace.elf;

/** One section header; {@code name} is resolved from the section name table. */
public record ElfSection(
    int index,
    String name,
    int type,
    long flags,
    long addr,
    long offset,
    long size,
    int link,
    int info,
    long entsize) {
  public static final int SHT_NULL = 0;
  public static final int SHT_PROGBITS = 1;
  public static final int SHT_SYMTAB = 2;
  public static final int SHT_STRTAB = 3;
  public static final int SHT_RELA = 4;
  public static final int SHT_NOTE = 7;
  public static final int SHT_NOBITS = 8;
  public static final int SHT_REL = 9;
  public static final int SHT_DYNSYM = 11;

  /** SHF_ALLOC: the section occupies memory at run time. */
  public static final long SHF_ALLOC = 2;

  /** SHF_EXECINSTR: the section holds code. */
  public static final long SHF_EXECINSTR = 4;

  /** SHF_COMPRESSED: the bytes start with an Elf_Chdr (zlib or zstd). */
  public static final long SHF_COMPRESSED = 0x800;
}
