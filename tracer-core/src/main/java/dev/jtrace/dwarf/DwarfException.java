package dev.jtrace.dwarf;

/** Malformed DWARF: what and where (section and offset). */
public final class DwarfException extends Exception {
  public DwarfException(String section, long offset, String what) {
    super(section + " at 0x" + Long.toHexString(offset) + ": " + what);
  }
}
