package dev.jtrace.elf;

/** One program header. */
public record ElfSegment(int type, int flags, long offset, long vaddr, long filesz, long memsz) {
  public static final int PT_LOAD = 1;
  public static final int PT_NOTE = 4;

  /** PF_X: the segment is executable. */
  public static final int PF_X = 1;

  /** Whether the file offset lies in the bytes this segment loads. */
  public boolean containsOffset(long fileOffset) {
    return fileOffset >= offset && fileOffset < offset + filesz;
  }
}
