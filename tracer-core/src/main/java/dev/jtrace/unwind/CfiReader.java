package dev.jtrace.unwind;

import java.nio.ByteBuffer;

/**
 * A cursor over a CFI section's bytes (little or big endian as the buffer is): fixed-size values,
 * LEB128 and the {@code DW_EH_PE_*} pointer encodings; every read is checked against the end given,
 * a read past it a {@link CfiException}.
 */
final class CfiReader {
  static final int PE_OMIT = 0xff;
  static final int PE_ABSPTR = 0x00;
  static final int PE_ULEB128 = 0x01;
  static final int PE_UDATA2 = 0x02;
  static final int PE_UDATA4 = 0x03;
  static final int PE_UDATA8 = 0x04;
  static final int PE_SLEB128 = 0x09;
  static final int PE_SDATA2 = 0x0a;
  static final int PE_SDATA4 = 0x0b;
  static final int PE_SDATA8 = 0x0c;
  static final int PE_PCREL = 0x10;
  static final int PE_DATAREL = 0x30;
  static final int PE_INDIRECT = 0x80;

  String section;
  ByteBuffer b;

  /** The address the section is loaded at (pc-relative pointers are relative to it). */
  long sectionAddress;

  int p;
  int end;

  CfiReader(String section, ByteBuffer b, long sectionAddress) {
    this.section = section;
    this.b = b;
    this.sectionAddress = sectionAddress;
    this.end = b.limit();
  }

  /** Points the reader at another section (readers are reused per unwinder). */
  void reset(String section, ByteBuffer b, long sectionAddress) {
    this.section = section;
    this.b = b;
    this.sectionAddress = sectionAddress;
    this.p = 0;
    this.end = b.limit();
  }

  CfiException bad(String what) {
    return new CfiException(section, p, what);
  }

  private void need(int n, String what) throws CfiException {
    if (n < 0 || p < 0 || p > end - n) {
      throw bad("truncated " + what);
    }
  }

  int u8(String what) throws CfiException {
    need(1, what);
    return b.get(p++) & 0xff;
  }

  int u16(String what) throws CfiException {
    need(2, what);
    int v = b.getShort(p) & 0xffff;
    p += 2;
    return v;
  }

  long u32(String what) throws CfiException {
    need(4, what);
    long v = b.getInt(p) & 0xffffffffL;
    p += 4;
    return v;
  }

  long u64(String what) throws CfiException {
    need(8, what);
    long v = b.getLong(p);
    p += 8;
    return v;
  }

  long uleb(String what) throws CfiException {
    long v = 0;
    int shift = 0;
    while (true) {
      int x = u8(what);
      if (shift < 64) {
        v |= (long) (x & 0x7f) << shift;
      }
      shift += 7;
      if ((x & 0x80) == 0) {
        return v;
      }
    }
  }

  long sleb(String what) throws CfiException {
    long v = 0;
    int shift = 0;
    int x;
    do {
      x = u8(what);
      if (shift < 64) {
        v |= (long) (x & 0x7f) << shift;
      }
      shift += 7;
    } while ((x & 0x80) != 0);
    if (shift < 64 && (x & 0x40) != 0) {
      v |= -1L << shift;
    }
    return v;
  }

  /** A uleb that must fit an int (lengths, register numbers). */
  int ulebInt(String what) throws CfiException {
    long v = uleb(what);
    if (v < 0 || v > Integer.MAX_VALUE) {
      throw bad(what + " too large: " + Long.toUnsignedString(v));
    }
    return (int) v;
  }

  /**
   * A pointer in this {@code DW_EH_PE_*} encoding; pc-relative ones are made absolute (the
   * section's load address plus the offset of the pointer). Indirect pointers cannot be followed
   * without the process's memory: the caller only uses them for personality routines, skipped.
   */
  long pointer(int encoding, String what) throws CfiException {
    if (encoding == PE_OMIT) {
      return 0;
    }
    int at = p;
    long v =
        switch (encoding & 0x0f) {
          case PE_ABSPTR, PE_UDATA8, PE_SDATA8 -> u64(what);
          case PE_ULEB128 -> uleb(what);
          case PE_UDATA2 -> u16(what);
          case PE_UDATA4 -> u32(what);
          case PE_SLEB128 -> sleb(what);
          case PE_SDATA2 -> (short) u16(what);
          case PE_SDATA4 -> (int) u32(what);
          default -> throw bad("unknown pointer encoding 0x" + Integer.toHexString(encoding));
        };
    switch (encoding & 0x70) {
      case 0 -> {}
      case PE_PCREL -> v += sectionAddress + at;
      case PE_DATAREL -> {} // relative to a base the reader has no need of (LSDA, personality)
      default -> {
        // textrel, funcrel, aligned: not used by GCC or LLVM for FDE addresses on x86_64/aarch64
        throw bad("unsupported pointer application 0x" + Integer.toHexString(encoding & 0x70));
      }
    }
    return v;
  }
}
