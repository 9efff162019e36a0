package dev.jtrace.perfdata.read;

import dev.jtrace.perfdata.PerfDataException;
import io.airlift.compress.v3.zstd.ZstdNativeInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * The zstd stream of a file's COMPRESSED records. perf compresses all records into one zstd frame
 * that is flushed (not ended) at each record, so one decoder lives across records, and each
 * record's bytes decode completely once fed. aircompressor's streaming decoder (libzstd through
 * FFM, shipped in its jar) does this; its pure-Java decoder holds output back until the frame ends,
 * which a flushed stream never does.
 */
final class Zstd implements AutoCloseable {
  /**
   * Thrown by the feeder when the current record's bytes are used up: the decoder waits for the
   * next one.
   */
  private static final class NeedInput extends IOException {
    NeedInput() {
      super("need input", null);
    }
  }

  /** The current record's compressed bytes; asks for more by throwing. */
  private static final class Feeder extends InputStream {
    byte[] b = new byte[0];
    int pos;
    int end;

    @Override
    public int read() throws IOException {
      if (pos >= end) throw new NeedInput();
      return b[pos++] & 0xff;
    }

    @Override
    public int read(byte[] dst, int off, int len) throws IOException {
      if (len == 0) return 0;
      if (pos >= end) throw new NeedInput();
      int n = Math.min(len, end - pos);
      System.arraycopy(b, pos, dst, off, n);
      pos += n;
      return n;
    }
  }

  private final Feeder feeder = new Feeder();
  private ZstdNativeInputStream stream;
  private boolean failed;

  /**
   * Feeds one record's compressed bytes and returns everything they decode to (at most limit
   * bytes).
   */
  byte[] feed(byte[] b, int off, int len, long limit, long recordOffset) {
    if (failed)
      throw new PerfDataException(
          recordOffset, "the zstd stream broke at an earlier COMPRESSED record");
    feeder.b = b;
    feeder.pos = off;
    feeder.end = off + len;
    byte[] out = new byte[Math.max(4096, Math.min(1 << 20, len * 8))];
    int n = 0;
    try {
      if (stream == null) stream = new ZstdNativeInputStream(feeder);
      while (true) {
        if (n == out.length) {
          if (out.length >= limit) {
            throw new PerfDataException(
                recordOffset, "COMPRESSED record expands to more than " + limit + " bytes");
          }
          out = Arrays.copyOf(out, (int) Math.min(limit, (long) out.length * 2));
        }
        int r;
        try {
          r = stream.read(out, n, out.length - n);
        } catch (NeedInput e) {
          break;
        }
        if (r < 0) break;
        n += r;
      }
    } catch (PerfDataException e) {
      failed = true;
      throw e;
    } catch (IOException | RuntimeException | LinkageError e) {
      failed = true;
      throw new PerfDataException(
          recordOffset, "COMPRESSED record does not decompress (" + e.getMessage() + ")");
    }
    return Arrays.copyOf(out, n);
  }

  @Override
  public void close() {
    if (stream != null) {
      try {
        stream.close();
      } catch (IOException | RuntimeException e) {
        // nothing to report: the decoder's native memory is released either way
      }
    }
  }
}
