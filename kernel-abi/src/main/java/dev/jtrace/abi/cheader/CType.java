package dev.jtrace.abi.cheader;

/**
 * A type's layout on LP64 x86_64.
 *
 * @param size in bytes; 0 for a flexible array or an empty GNU struct
 * @param align in bytes
 * @param integer it converts to an integer (for casts in expressions)
 * @param unsigned signedness when integer
 * @param flexible an array without length ({@code []})
 */
public record CType(long size, long align, boolean integer, boolean unsigned, boolean flexible) {
  public static CType integer(long size, boolean unsigned) {
    return new CType(size, size, true, unsigned, false);
  }

  public static final CType POINTER = new CType(8, 8, true, true, false);

  public CType aligned(long newAlign) {
    return new CType(size, newAlign, integer, unsigned, flexible);
  }

  public CType array(long length) {
    return new CType(size * length, align, false, false, false);
  }

  public CType flexibleArray() {
    return new CType(0, align, false, false, true);
  }
}
