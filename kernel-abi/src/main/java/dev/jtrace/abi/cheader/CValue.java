package dev.jtrace.abi.cheader;

/**
 * An integer value with its C type on LP64: 32 or 64 bits, signed or unsigned (char and short
 * promote to int before any arithmetic, so they never appear here).
 */
public record CValue(long bits, boolean unsigned, boolean wide) {
  public static final CValue ZERO = ofInt(0);
  public static final CValue ONE = ofInt(1);

  public CValue {
    if (!wide) {
      bits = unsigned ? bits & 0xffffffffL : (long) (int) bits;
    }
  }

  public static CValue ofInt(long v) {
    return new CValue(v, false, false);
  }

  public static CValue ofBoolean(boolean b) {
    return b ? ONE : ZERO;
  }

  public boolean isTrue() {
    return bits != 0;
  }

  /** The type both operands convert to (usual arithmetic conversions, LP64). */
  public static CValue[] convert(CValue a, CValue b) {
    boolean wide = a.wide || b.wide;
    boolean unsigned;
    if (a.wide == b.wide) {
      unsigned = a.unsigned || b.unsigned;
    } else {
      unsigned = a.wide ? a.unsigned : b.unsigned;
    }
    return new CValue[] {new CValue(a.bits, unsigned, wide), new CValue(b.bits, unsigned, wide)};
  }

  public CValue with(long newBits) {
    return new CValue(newBits, unsigned, wide);
  }

  public int compareTo(CValue other) {
    CValue[] c = convert(this, other);
    return c[0].unsigned
        ? Long.compareUnsigned(c[0].bits, c[1].bits)
        : Long.compare(c[0].bits, c[1].bits);
  }

  /** Converts to an integer type of the given size and signedness (then promoted, as C does). */
  public CValue castTo(long size, boolean toUnsigned) {
    if (size >= 8) {
      return new CValue(bits, toUnsigned, true);
    }
    if (size == 4) {
      return new CValue(bits, toUnsigned, false);
    }
    int shift = 64 - (int) (size * 8);
    long v = toUnsigned ? (bits << shift) >>> shift : (bits << shift) >> shift;
    return ofInt(v);
  }
}
