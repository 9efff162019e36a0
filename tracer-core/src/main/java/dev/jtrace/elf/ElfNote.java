package dev.jtrace.elf;

/** One note of a note section or segment. */
public record ElfNote(String name, int type, byte[] desc) {
  /** NT_GNU_BUILD_ID, with name "GNU". */
  public static final int NT_GNU_BUILD_ID = 3;
}
