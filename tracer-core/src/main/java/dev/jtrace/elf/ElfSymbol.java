package dev.jtrace.elf;

/** One entry of a symbol table. */
public record ElfSymbol(String name, long value, long size, int type, int bind, int shndx) {
  public static final int STT_OBJECT = 1;
  public static final int STT_FUNC = 2;
  public static final int STT_GNU_IFUNC = 10;
  public static final int STB_LOCAL = 0;
  public static final int STB_GLOBAL = 1;
  public static final int STB_WEAK = 2;

  /** SHN_UNDEF: an undefined (imported) symbol. */
  public static final int SHN_UNDEF = 0;

  /** Whether it names code defined in this file. */
  public boolean isDefinedFunction() {
    return (type == STT_FUNC || type == STT_GNU_IFUNC) && shndx != SHN_UNDEF;
  }
}
