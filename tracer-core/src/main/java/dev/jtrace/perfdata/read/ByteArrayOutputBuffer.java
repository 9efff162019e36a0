package dev.jtrace.perfdata.read;

import java.nio.ByteBuffer;
import java.util.Arrays;

/** The parts of a simpleperf SPLIT record being joined, and where the first part was. */
final class ByteArrayOutputBuffer {
  private final long offset;
  private byte[] data = new byte[1 << 16];
  private int size;

  ByteArrayOutputBuffer(long offset) {
    this.offset = offset;
  }

  long offset() {
    return offset;
  }

  int size() {
    return size;
  }

  void write(ByteBuffer b, int at, int len) {
    if (size + len > data.length) data = Arrays.copyOf(data, Math.max(size + len, data.length * 2));
    b.get(at, data, size, len);
    size += len;
  }

  byte[] toByteArray() {
    return Arrays.copyOf(data, size);
  }
}
