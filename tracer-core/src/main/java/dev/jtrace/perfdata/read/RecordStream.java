package dev.jtrace.perfdata.read;

import dev.jtrace.perf.abi.RecordType;
import dev.jtrace.perfdata.PerfDataException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The record stream of perf.data (the data section of a file, or all of a pipe after its header):
 * frames the records, takes the containers apart — perf's COMPRESSED/COMPRESSED2 (zstd; a record
 * may continue in the next one) and simpleperf's SPLIT chunks, joined at SPLIT_END — and reads pipe
 * mode's TRACING_DATA, whose data follows its record. Every other record goes to the {@link Sink}.
 */
final class RecordStream implements AutoCloseable {
  /**
   * The most a stream (pipe mode, whose size is unknown) may claim for one blob or joined record.
   */
  private static final long STREAM_BLOB_LIMIT = 1L << 30;

  private static final long MAX_DECOMPRESSED = 1L << 26;

  /** Where the records go. */
  interface Sink {
    /**
     * A record to decode, at off in the input (the COMPRESSED or SPLIT_END record for one inside).
     */
    void record(int type, int misc, ByteBuffer b, int p, int size, long off) throws IOException;

    /**
     * A record the stream took apart itself; isRecord false for pipe TRACING_DATA's data-only part.
     */
    void consumed(int type, boolean isRecord);

    void tracingData(byte[] blob, int off, int len, long at);

    /** The offset of the record being read, for errors that do not name one. */
    void at(long offset);
  }

  private final HeaderState state;
  private final long inputSize; // -1 for a stream
  private final Sink sink;
  private ByteArrayOutputBuffer split; // simpleperf SPLIT chunks being joined
  private byte[] decompressedTail = new byte[0];
  private Zstd zstd;

  RecordStream(HeaderState state, long inputSize, Sink sink) {
    this.state = state;
    this.inputSize = inputSize;
    this.sink = sink;
  }

  /**
   * Reads records until the input ends; a record cut short or a stray partial header is an error,
   * except at the end of a recording that did not end.
   */
  void read(RecordInput in) throws IOException {
    while (in.ensure(8)) {
      ByteBuffer b = in.buf();
      int p = b.position();
      long off = in.offset();
      sink.at(off);
      int type = b.getInt(p);
      int misc = Short.toUnsignedInt(b.getShort(p + 4));
      int size = Short.toUnsignedInt(b.getShort(p + 6));
      if (size < 8) {
        throw new PerfDataException(
            off, "record size " + size + " is smaller than the 8-byte record header");
      }
      if (!in.ensure(size)) {
        if (state.unended) return; // cut by the kill, as the header's warning said
        throw new PerfDataException(
            off,
            "the input ends inside a "
                + RecordType.name(type)
                + " record of "
                + size
                + " bytes ("
                + in.available()
                + " bytes left)");
      }
      b = in.buf();
      p = b.position();
      if (type == RecordType.HEADER_TRACING_DATA && size <= 16) {
        pipeTracingData(in, b, p, size, off);
        continue;
      }
      record(type, misc, b, p, size, off, 0);
      in.skip(size);
    }
    if (in.available() > 0 && !state.unended) {
      throw new PerfDataException(
          in.offset(), "the input ends inside a record header (" + in.available() + " bytes left)");
    }
  }

  /** Perf's pipe-mode TRACING_DATA: a 16-byte record, then the tracing data itself, padded to 8. */
  private void pipeTracingData(RecordInput in, ByteBuffer b, int p, int size, long off)
      throws IOException {
    sink.consumed(RecordType.HEADER_TRACING_DATA, false);
    if (size < 12)
      throw new PerfDataException(
          off, "TRACING_DATA record of " + size + " bytes has no size field");
    long dataSize = b.getInt(p + 8) & 0xffffffffL;
    in.skip(size);
    long left = inputSize >= 0 ? inputSize - in.offset() : STREAM_BLOB_LIMIT;
    if (dataSize > left) {
      throw new PerfDataException(
          off + 8,
          "tracing data size "
              + dataSize
              + " runs past the end of the input ("
              + left
              + " bytes left)");
    }
    long dataAt = in.offset();
    byte[] blob = in.readBytes(dataSize);
    if (blob == null) throw new PerfDataException(dataAt, "the input ends inside the tracing data");
    int pad = (int) (((dataSize + 7) & ~7L) - dataSize);
    if (pad > 0 && in.ensure(pad)) in.skip(pad);
    sink.tracingData(blob, 0, (int) dataSize, dataAt);
  }

  /** One framed record; depth > 0 inside a COMPRESSED record or a joined simpleperf record. */
  private void record(int type, int misc, ByteBuffer b, int p, int size, long off, int depth)
      throws IOException {
    switch (type) {
      case RecordType.SIMPLEPERF_SPLIT -> {
        sink.consumed(type, true);
        if (split == null) split = new ByteArrayOutputBuffer(off);
        long left = inputSize >= 0 ? inputSize : STREAM_BLOB_LIMIT;
        if (split.size() + size - 8 > left) {
          throw new PerfDataException(
              off, "simpleperf split record parts add up to more than the input");
        }
        split.write(b, p + 8, size - 8);
      }
      case RecordType.SIMPLEPERF_SPLIT_END -> {
        sink.consumed(type, true);
        if (split == null)
          throw new PerfDataException(off, "SPLIT_END without SPLIT records before it");
        ByteArrayOutputBuffer joined = split;
        split = null;
        joined(joined, depth);
      }
      case RecordType.COMPRESSED, RecordType.COMPRESSED2 -> {
        sink.consumed(type, true);
        if (depth > 0)
          throw new PerfDataException(off, "a COMPRESSED record inside compressed data");
        int at = p + 8;
        int len = size - 8;
        if (type == RecordType.COMPRESSED2) {
          if (size < 16)
            throw new PerfDataException(
                off, "COMPRESSED2 record of " + size + " bytes is too short");
          long dataSize = b.getLong(p + 8);
          if (dataSize < 0 || dataSize > size - 16) {
            throw new PerfDataException(
                off + 8, "compressed data size " + dataSize + " does not fit the record");
          }
          at = p + 16;
          len = (int) dataSize;
        }
        decompressed(b, at, len, off);
      }
      default -> sink.record(type, misc, b, p, size, off);
    }
  }

  /**
   * A simpleperf record split into SPLIT chunks: its u16 size holds only the low bits, so use the
   * real length.
   */
  private void joined(ByteArrayOutputBuffer joined, int depth) throws IOException {
    byte[] data = joined.toByteArray();
    if (data.length < 8)
      throw new PerfDataException(
          joined.offset(), "joined simpleperf record is shorter than a header");
    ByteBuffer jb = ByteBuffer.wrap(data).order(state.order);
    int type = jb.getInt(0);
    if (type == RecordType.SIMPLEPERF_TRACING_DATA || type == RecordType.HEADER_TRACING_DATA) {
      long len = jb.getInt(8) & 0xffffffffL;
      if (data.length < 12 || len > data.length - 12) {
        throw new PerfDataException(
            joined.offset(),
            "joined tracing data record: size "
                + len
                + " does not fit its "
                + data.length
                + " bytes");
      }
      sink.consumed(type, true);
      sink.tracingData(data, 12, (int) len, joined.offset());
    } else if (data.length <= 0xffff) {
      record(
          type,
          Short.toUnsignedInt(jb.getShort(4)),
          jb,
          0,
          data.length,
          joined.offset(),
          depth + 1);
    } else {
      sink.consumed(type, true);
    }
  }

  private void decompressed(ByteBuffer b, int at, int len, long off) throws IOException {
    byte[] comp = new byte[len];
    b.get(at, comp);
    if (zstd == null) zstd = new Zstd();
    byte[] out = zstd.feed(comp, 0, len, MAX_DECOMPRESSED, off);
    byte[] all = out;
    if (decompressedTail.length > 0) {
      all = new byte[decompressedTail.length + out.length];
      System.arraycopy(decompressedTail, 0, all, 0, decompressedTail.length);
      System.arraycopy(out, 0, all, decompressedTail.length, out.length);
    }
    ByteBuffer db = ByteBuffer.wrap(all).order(state.order);
    int p = 0;
    while (all.length - p >= 8) {
      int type = db.getInt(p);
      int misc = Short.toUnsignedInt(db.getShort(p + 4));
      int size = Short.toUnsignedInt(db.getShort(p + 6));
      if (size < 8) {
        throw new PerfDataException(
            off, "a record in the data decompressed from this COMPRESSED record has size " + size);
      }
      if (size > all.length - p) break;
      record(type, misc, db, p, size, off, 1);
      p += size;
    }
    decompressedTail = Arrays.copyOfRange(all, p, all.length);
  }

  @Override
  public void close() {
    if (zstd != null) zstd.close();
  }
}
