package dev.jtrace.symbols;

/**
 * Where a user address is in the binary mapped there, filled in place by {@link Symbolizer#locate}
 * (reused per frame of an unwind): the file, its cache key (build id, device:inode or path) and the
 * address in the binary's own terms (its link-time virtual address, what CFI and symbols use).
 */
public final class CodeAddress {
  String path;
  String key;
  long binaryAddress;
  BinarySymbols binary;

  public String path() {
    return path;
  }

  public String key() {
    return key;
  }

  public long binaryAddress() {
    return binaryAddress;
  }

  /** The binary's symbols and build id (read once per binary). */
  public BinarySymbols binary() {
    return binary;
  }
}
