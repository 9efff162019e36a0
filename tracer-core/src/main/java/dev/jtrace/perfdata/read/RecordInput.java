package dev.jtrace.perfdata.read;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ReadableByteChannel;

/**
 * A bounded read window over a channel: the bytes between position and limit of {@link #buf} are
 * the unread input. The window grows only to hold one record (records are at most 64 KiB), so a
 * file of any size streams through a fixed amount of memory.
 */
final class RecordInput {
  private static final int INITIAL = 1 << 20;
  private static final int MAX_WINDOW = 1 << 26;

  private final ReadableByteChannel channel;
  private ByteBuffer buf;
  private long bufStart; // stream offset of buf index 0
  private long remaining; // bytes the channel may still deliver before the section ends
  private boolean eof;

  RecordInput(ReadableByteChannel channel, long startOffset, long limit, ByteOrder order) {
    this.channel = channel;
    this.buf = ByteBuffer.allocate((int) Math.min(INITIAL, Math.max(64, limit))).order(order);
    this.buf.limit(0);
    this.bufStart = startOffset;
    this.remaining = limit;
  }

  ByteBuffer buf() {
    return buf;
  }

  /** The stream offset of the next unread byte. */
  long offset() {
    return bufStart + buf.position();
  }

  int available() {
    return buf.remaining();
  }

  void order(ByteOrder order) {
    buf.order(order);
  }

  void skip(int n) {
    buf.position(buf.position() + n);
  }

  /** Makes n bytes available from the position; false when the input ends first. */
  boolean ensure(int n) throws IOException {
    if (buf.remaining() >= n) return true;
    if (n > MAX_WINDOW) return false;
    if (n > buf.capacity()) {
      ByteBuffer bigger =
          ByteBuffer.allocate(Math.max(n, Math.min(MAX_WINDOW, buf.capacity() * 2)))
              .order(buf.order());
      bufStart += buf.position();
      bigger.put(buf);
      buf = bigger;
    } else {
      bufStart += buf.position();
      buf.compact();
    }
    // buf is in write mode now
    while (buf.position() < n && !eof && remaining > 0) {
      int room = (int) Math.min(buf.remaining(), remaining);
      int oldLimit = buf.limit();
      buf.limit(buf.position() + room);
      int r = channel.read(buf);
      buf.limit(oldLimit);
      if (r < 0) {
        eof = true;
      } else {
        remaining -= r;
      }
    }
    buf.flip();
    return buf.remaining() >= n;
  }

  /**
   * Reads n bytes into a new array, which is allocated in growing steps as the bytes actually
   * arrive, so a lying size costs no more memory than the input really has.
   */
  byte[] readBytes(long n) throws IOException {
    if (n < 0 || n > Integer.MAX_VALUE - 16) return null;
    byte[] out = new byte[(int) Math.min(n, INITIAL)];
    int filled = 0;
    while (filled < n) {
      if (!ensure(1)) return null;
      int k = (int) Math.min(buf.remaining(), n - filled);
      if (filled + k > out.length) {
        out =
            java.util.Arrays.copyOf(
                out, (int) Math.min(n, Math.max((long) out.length * 2, filled + k)));
      }
      buf.get(out, filled, k);
      filled += k;
    }
    return out;
  }
}
