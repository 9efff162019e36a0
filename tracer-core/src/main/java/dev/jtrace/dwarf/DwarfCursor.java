package dev.jtrace.dwarf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Reads DWARF's encodings (fixed-size integers in the file's byte order, LEB128, NUL-terminated
 * strings) from a section at a moving position. Reads past the end throw {@link
 * IndexOutOfBoundsException}, which the readers turn into "malformed".
 */
final class DwarfCursor {
  final ByteBuffer bytes;
  int pos;

  DwarfCursor(ByteBuffer bytes, long pos) {
    this.bytes = bytes;
    seek(pos);
  }

  void seek(long to) {
    if (to < 0 || to > bytes.limit()) {
      throw new IndexOutOfBoundsException("offset 0x" + Long.toHexString(to) + " out of section");
    }
    pos = (int) to;
  }

  boolean atEnd(long end) {
    return pos >= end;
  }

  int u8() {
    return bytes.get(pos++) & 0xff;
  }

  int u16() {
    int v = bytes.getShort(pos) & 0xffff;
    pos += 2;
    return v;
  }

  long u24() {
    long a = u8();
    long b = u8();
    long c = u8();
    return bytes.order() == ByteOrder.LITTLE_ENDIAN ? a | b << 8 | c << 16 : a << 16 | b << 8 | c;
  }

  long u32() {
    long v = Integer.toUnsignedLong(bytes.getInt(pos));
    pos += 4;
    return v;
  }

  long u64() {
    long v = bytes.getLong(pos);
    pos += 8;
    return v;
  }

  /** An unsigned value of 1, 2, 4 or 8 bytes. */
  long unsigned(int size) {
    return switch (size) {
      case 1 -> u8();
      case 2 -> u16();
      case 4 -> u32();
      case 8 -> u64();
      default -> throw new IndexOutOfBoundsException("a " + size + "-byte value");
    };
  }

  long uleb() {
    long v = 0;
    int shift = 0;
    while (true) {
      int b = u8();
      if (shift < 64) {
        v |= (long) (b & 0x7f) << shift;
      }
      shift += 7;
      if ((b & 0x80) == 0) {
        return v;
      }
    }
  }

  long sleb() {
    long v = 0;
    int shift = 0;
    int b;
    do {
      b = u8();
      if (shift < 64) {
        v |= (long) (b & 0x7f) << shift;
      }
      shift += 7;
    } while ((b & 0x80) != 0);
    if (shift < 64 && (b & 0x40) != 0) {
      v |= -1L << shift;
    }
    return v;
  }

  void skip(long n) {
    if (n < 0 || n > bytes.limit() - pos) {
      throw new IndexOutOfBoundsException("skip of " + n + " bytes past the section's end");
    }
    pos += (int) n;
  }

  /** Skips a NUL-terminated string. */
  void skipString() {
    while (u8() != 0) {}
  }

  /** The NUL-terminated UTF-8 string at {@code at} in {@code section}. */
  static String stringAt(ByteBuffer section, long at) {
    if (at < 0 || at >= section.limit()) {
      throw new IndexOutOfBoundsException(
          "string at 0x" + Long.toHexString(at) + " out of section");
    }
    int start = (int) at;
    int end = start;
    while (section.get(end) != 0) {
      end++;
    }
    byte[] b = new byte[end - start];
    section.get(start, b);
    return new String(b, StandardCharsets.UTF_8);
  }
}
