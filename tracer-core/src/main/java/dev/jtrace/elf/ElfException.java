package dev.jtrace.elf;

/** An ELF file that does not follow the format: which file, where (a byte offset) and what. */
public final class ElfException extends Exception {
  private final String file;
  private final long offset;

  public ElfException(String file, long offset, String message) {
    super(file + ": offset 0x" + Long.toHexString(offset) + ": " + message, null, false, false);
    this.file = file;
    this.offset = offset;
  }

  public String file() {
    return file;
  }

  /** The byte offset in the file where the bad structure starts. */
  public long offset() {
    return offset;
  }
}
