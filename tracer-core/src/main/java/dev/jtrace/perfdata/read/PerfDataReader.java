package dev.jtrace.perfdata.read;

import dev.jtrace.files.IoErrors;
import dev.jtrace.perf.abi.AttrCodec;
import dev.jtrace.perf.abi.EventAttr;
import dev.jtrace.perf.abi.FileHeader;
import dev.jtrace.perf.abi.RecordType;
import dev.jtrace.perfdata.PerfDataException;
import dev.jtrace.perfdata.tracing.TracingDataParser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a perf.data file or stream and hands its header and records to a handler. File mode reads
 * the header, attrs and feature sections with positional reads ({@link FileLayout}), then streams
 * the data section; pipe mode streams everything. {@link RecordStream} frames the records and takes
 * COMPRESSED and simpleperf SPLIT containers apart; this class dispatches each record and keeps the
 * counts. Nothing is read whole: memory stays bounded by the largest record (or the tracing data,
 * which is checked against the input's size first).
 *
 * <p>A malformed input ends the read with {@link ReadResult#error()} naming the offset; what was
 * decoded before it has been delivered. No exception escapes {@link #read} but the handler's own: a
 * failure of the caller's code is not the file's fault, so it is not worded as a bad record.
 */
public final class PerfDataReader {
  /**
   * The most a stream (pipe mode, whose size is unknown) may claim for one blob or joined record.
   */
  private final PerfDataHandler handler;

  private final HeaderState state = new HeaderState();
  private final long[] typeCounts = new long[128];
  private final Map<Integer, Long> otherCounts = new LinkedHashMap<>();
  private final Set<String> warned = new HashSet<>();
  private final OrderedQueue queue;
  private long inputSize = -1; // file size when known
  private EventTable table = new EventTable(List.of());
  private PerfDataRecordDecoder decoder = new PerfDataRecordDecoder(table, ByteOrder.LITTLE_ENDIAN);
  private boolean headerDirty = true;
  private long records;
  private long lostEvents;
  private long lostSamples;
  private long currentOffset;
  private RecordStream stream;
  private PerfDataException deferred; // a bad feature section, reported after the data
  private boolean formatsSought; // the host's tracefs was asked for formats the file lacks

  private PerfDataReader(PerfDataHandler handler) {
    this.handler = handler;
    this.queue = new OrderedQueue(this::deliver);
  }

  /** Reads a file; {@code -} reads standard input (pipe mode). */
  public static ReadResult read(Path path, PerfDataHandler handler) {
    if (path.toString().equals("-")) return read(System.in, handler);
    PerfDataReader r = new PerfDataReader(handler);
    // the callers name the file: the result is only the OS's reason, as cat's "FILE: reason"
    if (Files.isDirectory(path)) return r.result("Is a directory");
    try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
      Positional positional =
          new Positional() {
            @Override
            public int read(ByteBuffer dst, long position) throws IOException {
              return ch.read(dst, position);
            }

            @Override
            public void position(long position) throws IOException {
              ch.position(position);
            }
          };
      return r.run(ch, ch.size(), positional);
    } catch (IOException e) {
      return r.result(IoErrors.reason(e));
    }
  }

  /** Reads a stream (pipe mode, or a file-mode image held in memory is not supported this way). */
  public static ReadResult read(InputStream in, PerfDataHandler handler) {
    PerfDataReader r = new PerfDataReader(handler);
    return r.run(Channels.newChannel(in), -1, null);
  }

  /** Reads an in-memory image of a file (either mode). */
  public static ReadResult read(byte[] image, PerfDataHandler handler) {
    PerfDataReader r = new PerfDataReader(handler);
    return r.runImage(image);
  }

  private ReadResult runImage(byte[] image) {
    try (SeekableBytes ch = new SeekableBytes(image)) {
      return run(ch, image.length, ch);
    }
  }

  private ReadResult run(ReadableByteChannel ch, long size, Positional positional) {
    try {
      return decode(ch, size, positional);
    } catch (HandlerFailure e) {
      throw e.getCause();
    }
  }

  private ReadResult decode(ReadableByteChannel ch, long size, Positional positional) {
    inputSize = size;
    stream =
        new RecordStream(
            state,
            size,
            new RecordStream.Sink() {
              @Override
              public void record(int type, int misc, ByteBuffer b, int p, int size, long off)
                  throws IOException {
                dispatch(type, misc, b, p, size, off);
              }

              @Override
              public void consumed(int type, boolean isRecord) {
                count(type);
                if (isRecord) records++;
              }

              @Override
              public void tracingData(byte[] blob, int off, int len, long at) {
                setTracingData(blob, off, len, at);
              }

              @Override
              public void at(long offset) {
                currentOffset = offset;
              }
            });
    try {
      ByteBuffer head = ByteBuffer.allocate(FileHeader.PIPE_SIZE);
      readFully(ch, head, 0, "the perf.data header");
      long magic = head.order(ByteOrder.LITTLE_ENDIAN).getLong(0);
      ByteOrder order;
      if (magic == FileHeader.MAGIC) {
        order = ByteOrder.LITTLE_ENDIAN;
      } else if (magic == Long.reverseBytes(FileHeader.MAGIC)) {
        order = ByteOrder.BIG_ENDIAN;
      } else if (new String(head.array(), 0, 8, StandardCharsets.ISO_8859_1).equals("PERFFILE")) {
        throw new PerfDataException(0, "version 1 perf.data (magic PERFFILE) is not supported");
      } else {
        throw new PerfDataException(0, "not a perf.data file: the magic is not PERFILE2");
      }
      state.order = order;
      long headerSize = head.order(order).getLong(8);
      if (headerSize == FileHeader.PIPE_SIZE) {
        state.pipe = true;
        RecordInput in = new RecordInput(ch, FileHeader.PIPE_SIZE, Long.MAX_VALUE, order);
        stream.read(in);
      } else if (headerSize >= FileHeader.FILE_SIZE && positional != null) {
        readFileMode(ch, positional, order);
      } else if (headerSize >= FileHeader.FILE_SIZE) {
        throw new PerfDataException(
            8, "a file-mode perf.data cannot be read from a stream; give it as a file");
      } else {
        throw new PerfDataException(
            8,
            "header size "
                + Long.toUnsignedString(headerSize)
                + " is neither 16 (pipe mode) nor at least "
                + FileHeader.FILE_SIZE
                + " (file mode)");
      }
      queue.flush();
      announceHeader();
      return result(deferred == null ? null : deferred.describe());
    } catch (HandlerFailure e) {
      throw e;
    } catch (PerfDataException e) {
      safeFlush();
      announceHeader();
      return result(e.describe());
    } catch (IOException e) {
      safeFlush();
      return result(
          "offset 0x" + Long.toHexString(currentOffset) + ": read error: " + IoErrors.reason(e));
    } catch (RuntimeException | OutOfMemoryError e) {
      safeFlush();
      return result(
          "offset 0x"
              + Long.toHexString(currentOffset)
              + ": cannot decode the record there ("
              + e.getClass().getSimpleName()
              + ")");
    } finally {
      stream.close();
    }
  }

  private void safeFlush() {
    try {
      queue.flush();
    } catch (HandlerFailure e) {
      throw e;
    } catch (RuntimeException e) {
      // the handler failed on a queued record; the original error is the one to report
    }
  }

  private ReadResult result(String error) {
    Map<String, Long> counts = new LinkedHashMap<>();
    for (int t = 0; t < typeCounts.length; t++) {
      if (typeCounts[t] > 0) counts.put(RecordType.name(t), typeCounts[t]);
    }
    otherCounts.forEach((t, n) -> counts.put(RecordType.name(t), n));
    PerfHeader header =
        state.attrs.isEmpty() && state.arch == null ? null : state.build(table.events);
    return new ReadResult(header, records, Map.copyOf(counts), lostEvents, lostSamples, error);
  }

  /**
   * File mode: the layout (header, attrs, features) by positional reads, then the data section,
   * streamed.
   */
  private void readFileMode(ReadableByteChannel ch, Positional pos, ByteOrder order)
      throws IOException {
    FileLayout layout =
        new FileLayout(
            pos,
            inputSize,
            order,
            state,
            new FileLayout.Warnings() {
              @Override
              public void warn(String message) {
                PerfDataReader.this.warn(message);
              }

              @Override
              public void warnOnce(String key, String message) {
                PerfDataReader.this.warnOnce(key, message);
              }

              @Override
              public void at(long offset) {
                currentOffset = offset;
              }
            });
    PerfDataException badFeature = layout.read();
    if (deferred == null) deferred = badFeature;
    rebuildEvents();
    long dataOffset = state.dataOffset;
    long dataSize = state.dataSize;
    long available = Math.max(0, inputSize - dataOffset);
    long limit = Math.min(dataSize, available);
    if (dataSize > available) {
      warnOnce(
          "data",
          "the data section claims "
              + dataSize
              + " bytes but the file has "
              + available
              + " after its start (truncated?)");
    }
    pos.position(dataOffset);
    RecordInput in = new RecordInput(ch, dataOffset, limit, order);
    stream.read(in);
  }

  private static void readFully(ReadableByteChannel ch, ByteBuffer b, long offset, String what)
      throws IOException {
    while (b.hasRemaining()) {
      if (ch.read(b) < 0)
        throw new PerfDataException(offset + b.position(), "the input ends inside " + what);
    }
    b.flip();
  }

  private void setTracingData(byte[] blob, int off, int len, long fileOffset) {
    state.tracingData = TracingDataParser.parse(blob, off, len, fileOffset, this::warn);
    rebuildEvents();
  }

  /**
   * Decodes one record the stream framed (from the input, a COMPRESSED record or a joined
   * simpleperf one).
   */
  private void dispatch(int type, int misc, ByteBuffer b, int p, int size, long off)
      throws IOException {
    count(type);
    records++;
    switch (type) {
      case RecordType.SAMPLE -> {
        if (state.tracingData == null && !formatsSought) seekHostFormats();
        Sample s = decoder.sample(b, p, size, off);
        if (s == null) {
          warnOnce(
              "sample id",
              "samples whose id matches no attr are skipped (first at offset 0x"
                  + Long.toHexString(off)
                  + ")");
        } else {
          enqueue(s);
        }
      }
      case RecordType.HEADER_ATTR -> {
        if (size < 8 + EventAttr.SIZE_VER0)
          throw new PerfDataException(off, "ATTR record of " + size + " bytes is too short");
        int attrSize = b.getInt(p + 12);
        if (attrSize < EventAttr.SIZE_VER0 || attrSize > size - 8) {
          throw new PerfDataException(
              off + 12,
              "ATTR record's attr size "
                  + Integer.toUnsignedString(attrSize)
                  + " does not fit the "
                  + size
                  + "-byte record");
        }
        EventAttr a = AttrCodec.read(b, p + 8, attrSize);
        int nIds = (size - 8 - attrSize) / 8;
        long[] ids = new long[nIds];
        for (int i = 0; i < nIds; i++) ids[i] = b.getLong(p + 8 + attrSize + 8 * i);
        state.attrs.add(a);
        state.attrIds.add(ids);
        rebuildEvents();
      }
      case RecordType.HEADER_FEATURE -> {
        if (size < 16)
          throw new PerfDataException(off, "FEATURE record of " + size + " bytes is too short");
        int feature = (int) b.getLong(p + 8);
        if (!state.features.contains(feature)) state.features.add(feature);
        byte[] data = new byte[size - 16];
        b.get(p + 16, data);
        FeatureParser.parse(
            feature, data, 0, data.length, off + 16, state.order, state, this::warn);
        rebuildEvents();
      }
      case RecordType.HEADER_TRACING_DATA, RecordType.SIMPLEPERF_TRACING_DATA -> {
        // simpleperf: the payload is inside the record: u32 size, then the data
        if (size < 12)
          throw new PerfDataException(
              off, "TRACING_DATA record of " + size + " bytes is too short");
        long len = b.getInt(p + 8) & 0xffffffffL;
        if (len > size - 12) {
          throw new PerfDataException(
              off + 8, "tracing data size " + len + " does not fit the " + size + "-byte record");
        }
        byte[] data = new byte[(int) len];
        b.get(p + 12, data);
        setTracingData(data, 0, data.length, off + 12);
      }
      case RecordType.LOST -> {
        PerfRecord r = decoder.sideBand(type, misc, b, p, size, off);
        lostEvents += ((PerfDataLost) r).lost();
        enqueue(r);
      }
      case RecordType.LOST_SAMPLES -> {
        PerfRecord r = decoder.sideBand(type, misc, b, p, size, off);
        lostSamples += ((LostSamplesRecord) r).lost();
        enqueue(r);
      }
      case RecordType.FINISHED_ROUND -> {
        queue.finishedRound();
        enqueue(decoder.sideBand(type, misc, b, p, size, off));
      }
      case RecordType.EVENT_UPDATE -> {
        // pipe mode names events this way: u64 kind (2 = NAME), u64 id, the name
        if (size >= 24 && b.getLong(p + 8) == 2) {
          long id = b.getLong(p + 16);
          int q = p + 24;
          while (q < p + size && b.get(q) != 0) q++;
          byte[] name = new byte[q - p - 24];
          b.get(p + 24, name);
          state.updatedNames.put(id, new String(name, StandardCharsets.UTF_8));
          rebuildEvents();
        }
      }
      case RecordType.HEADER_EVENT_TYPE, RecordType.HEADER_BUILD_ID -> {}
      default -> {
        if (!RecordType.known(type)) {
          warnOnce(
              "record " + type,
              "records of unknown type "
                  + type
                  + " are skipped (first at offset 0x"
                  + Long.toHexString(off)
                  + ")");
        }
        enqueue(decoder.sideBand(type, misc, b, p, size, off));
      }
    }
  }

  /**
   * Tracepoint samples but no tracing data (the feature sections are gone, or the stream never
   * carried it): their formats from this host's tracefs, with one warning.
   */
  private void seekHostFormats() {
    formatsSought = true;
    boolean tracepoints = false;
    for (PerfDataEvent e : table.events)
      tracepoints |= e.attr().type() == EventAttr.TYPE_TRACEPOINT;
    if (!tracepoints) return;
    Set<String> named = new LinkedHashSet<>(state.descNames);
    named.addAll(state.updatedNames.values());
    state.tracingData = HostFormats.of(state.attrs, named, state.order);
    String from =
        ": the tracepoint formats are taken from this host's tracefs"
            + (named.isEmpty()
                ? ", by the attrs' ids (right when the file was recorded on this kernel)"
                : ", by event name");
    if (state.tracingData == null) {
      state.tracingData = PinnedFormats.of(state.attrs, named, state.order);
      from =
          state.tracingData == null
              ? " and this host's tracefs has none of its events: tracepoint samples are not"
                  + " decoded"
              : ", nor has this host's tracefs its events: the syscall formats are those of"
                  + " jtrace's pinned 64-bit kernel ABI";
    }
    warnOnce(
        "no tracing data",
        "the file has no tracing data (the HEADER_TRACING_DATA section is missing)" + from);
    rebuildEvents();
  }

  private void enqueue(PerfRecord r) {
    queue.add(r);
  }

  private void deliver(PerfRecord r) {
    announceHeader();
    try {
      handler.record(r);
    } catch (RuntimeException e) {
      throw new HandlerFailure(e);
    }
  }

  private void announceHeader() {
    if (headerDirty) {
      headerDirty = false;
      try {
        handler.header(state.build(table.events));
      } catch (RuntimeException e) {
        throw new HandlerFailure(e);
      }
    }
  }

  private void rebuildEvents() {
    table = new EventTable(EventNamer.events(state, this::warnOnce));
    ByteOrder rawOrder = state.tracingData != null ? state.tracingData.order() : state.order;
    decoder = new PerfDataRecordDecoder(table, rawOrder);
    headerDirty = true;
  }

  private void count(int type) {
    if (type >= 0 && type < typeCounts.length) {
      typeCounts[type]++;
    } else {
      otherCounts.merge(type, 1L, Long::sum);
    }
  }

  private void warn(String message) {
    try {
      handler.warning(PerfDataException.oneLine(message));
    } catch (RuntimeException e) {
      throw new HandlerFailure(e);
    }
  }

  private void warnOnce(String key, String message) {
    if (warned.add(key)) warn(message);
  }

  /** The handler's exception, carried past the reader's own error handling unchanged. */
  private static final class HandlerFailure extends RuntimeException {
    HandlerFailure(RuntimeException cause) {
      super(cause);
    }

    @Override
    public synchronized RuntimeException getCause() {
      return (RuntimeException) super.getCause();
    }
  }

  /** Reads bytes at an absolute position (a FileChannel, or an in-memory image). */
  interface Positional {
    int read(ByteBuffer dst, long position) throws IOException;

    void position(long position) throws IOException;
  }
}
