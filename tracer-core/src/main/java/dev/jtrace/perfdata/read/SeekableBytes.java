package dev.jtrace.perfdata.read;

import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;

/** An in-memory file image as a channel with positional reads. */
final class SeekableBytes implements ReadableByteChannel, PerfDataReader.Positional {
  private final byte[] data;
  private int position;

  SeekableBytes(byte[] data) {
    this.data = data;
  }

  @Override
  public int read(ByteBuffer dst) {
    int n = read(dst, position);
    if (n > 0) position += n;
    return n;
  }

  @Override
  public int read(ByteBuffer dst, long at) {
    if (at >= data.length) return -1;
    int n = (int) Math.min(dst.remaining(), data.length - at);
    dst.put(data, (int) at, n);
    return n;
  }

  @Override
  public void position(long at) {
    position = (int) Math.min(at, data.length);
  }

  @Override
  public boolean isOpen() {
    return true;
  }

  @Override
  public void close() {}
}
