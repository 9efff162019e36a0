package dev.jtrace.elf;

/** One entry of a symbol table; {@code other} holds the visibility (its low 2 bits). */
public record ElfSymbol(
    String name, long value, long size, int type, int bind, int other, int shndx) {
  public static final int STT_NOTYPE = 0;
  public static final int STT_OBJECT = 1;
  public static final int STT_FUNC = 2;
  public static final int STT_GNU_IFUNC = 10;
  public static final int STB_LOCAL = 0;
  public static final int STB_GLOBAL = 1;
  public static final int STB_WEAK = 2;

  /** SHN_UNDEF: an undefined (imported) symbol. */
  public static final int SHN_UNDEF = 0;

  /** SHN_ABS: an absolute value, in no section. */
  public static final int SHN_ABS = 0xfff1;

  /** STV_INTERNAL and STV_HIDDEN: visibilities of symbols not meant to be seen outside. */
  public static final int STV_INTERNAL = 1;

  public static final int STV_HIDDEN = 2;

  /**
   * Whether it is a named code label without a type ({@code _start} in assembly), as perf counts
   * them among the functions when their section is code.
   */
  public boolean isLabel() {
    int visibility = other & 3;
    return type == STT_NOTYPE
        && !name.isEmpty()
        && shndx != SHN_UNDEF
        && shndx != SHN_ABS
        && visibility != STV_HIDDEN
        && visibility != STV_INTERNAL;
  }

  /** Whether it names code defined in this file. */
  public boolean isDefinedFunction() {
    return (type == STT_FUNC || type == STT_GNU_IFUNC) && shndx != SHN_UNDEF;
  }
}
