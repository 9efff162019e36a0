package dev.jtrace.symbols;

/**
 * One resolved callchain entry, filled in place by {@link Symbolizer#resolve} so a stack costs no
 * allocation: the address, the symbol (null: unknown) and the offset into it, the binary (null:
 * unknown).
 */
public final class Frame {
  long address;
  long mapped;
  String symbol;
  long offset;
  String dso;
  BinarySymbols binary;
  long binaryAddress;

  public long address() {
    return address;
  }

  /**
   * The address as perf script prints it: in the mapped file for a user frame ({@code address -
   * start + pgoff}), else the address itself.
   */
  public long mapped() {
    return mapped;
  }

  /** The function's name, demangled; null when no symbol holds the address. */
  public String symbol() {
    return symbol;
  }

  /** Bytes from the symbol's start. */
  public long offset() {
    return offset;
  }

  /**
   * The binary's path ({@code [kernel.kallsyms]}, {@code /tmp/perf-PID.map}); null when unknown.
   */
  public String dso() {
    return dso;
  }

  void set(long address, String symbol, long offset, String dso) {
    this.address = address;
    this.mapped = address;
    this.symbol = symbol;
    this.offset = offset;
    this.dso = dso;
    this.binary = null;
    this.binaryAddress = -1;
  }
}
