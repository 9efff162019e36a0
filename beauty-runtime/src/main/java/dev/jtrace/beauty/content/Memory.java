package dev.jtrace.beauty.content;

import dev.jtrace.beauty.Arch;
import java.nio.ByteBuffer;

/**
 * Reads integers out of copied bytes in the traced arch's byte order, whatever order the buffer
 * object says (a capture may wrap its record without setting one).
 */
final class Memory {
  private final boolean bigEndian;

  Memory(Arch arch) {
    this.bigEndian =
        switch (arch) {
          case S390X, POWERPC32, POWERPC64, MIPS64 -> true; // as the snapshot reads their headers
          default -> false;
        };
  }

  /** An integer of 1, 2, 4 or 8 bytes at {@code offset}, sign-extended when {@code signed}. */
  long read(ByteBuffer b, int offset, int size, boolean signed) {
    long v = 0;
    for (int i = 0; i < size; i++) {
      long byteValue = b.get(b.position() + offset + (bigEndian ? i : size - 1 - i)) & 0xff;
      v = v << 8 | byteValue;
    }
    if (signed && size < 8) {
      int shift = 64 - size * 8;
      v = v << shift >> shift;
    }
    return v;
  }

  /** An integer in network byte order (ports, IPv4 flow labels). */
  static long network(ByteBuffer b, int offset, int size) {
    long v = 0;
    for (int i = 0; i < size; i++) {
      v = v << 8 | (b.get(b.position() + offset + i) & 0xff);
    }
    return v;
  }

  /** The bytes as a byte string, up to the first NUL or {@code max}. */
  static String cString(ByteBuffer b, int offset, int length) {
    int start = b.position() + offset;
    int end = start;
    int limit = Math.min(b.limit(), start + length);
    while (end < limit && b.get(end) != 0) {
      end++;
    }
    return bytes(b, offset, end - start);
  }

  /** {@code length} bytes as a byte string. */
  static String bytes(ByteBuffer b, int offset, int length) {
    char[] c = new char[Math.max(0, Math.min(length, b.remaining() - offset))];
    for (int i = 0; i < c.length; i++) {
      c[i] = (char) (b.get(b.position() + offset + i) & 0xff);
    }
    return new String(c);
  }
}
