package dev.jtrace.perfdata.write;

import dev.jtrace.files.OutputFile;
import dev.jtrace.perf.abi.AttrCodec;
import dev.jtrace.perf.abi.AttrFlag;
import dev.jtrace.perf.abi.EventAttr;
import dev.jtrace.perf.abi.FileHeader;
import dev.jtrace.perf.abi.RecordLayout;
import dev.jtrace.perf.abi.RecordType;
import dev.jtrace.perf.abi.SampleType;
import dev.jtrace.perfdata.Feature;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Writes a perf.data file (or pipe-mode stream) the way perf record does, in either byte order:
 * attrs with ids, the data records, and the features TRACING_DATA, HOSTNAME, OSRELEASE, ARCH,
 * NRCPUS, CMDLINE and EVENT_DESC. Samples carry {@link #SAMPLE_TYPE}; side-band records carry the
 * sample_id_all trailer.
 *
 * <p>A file is created by {@link OutputFile}: mode 0600, no links followed, an existing non-empty
 * one first renamed to {@code NAME.old}, as perf does. The header written first says data size 0
 * and no features, as perf's does until the end; {@link #close} rewrites it with the final sizes.
 */
public final class PerfDataWriter implements AutoCloseable {
  /** The sample layout perf record uses for tracepoints. */
  public static final long SAMPLE_TYPE =
      SampleType.IP
          | SampleType.TID
          | SampleType.TIME
          | SampleType.ID
          | SampleType.CPU
          | SampleType.PERIOD
          | SampleType.RAW;

  public static final long READ_FORMAT = SampleType.FORMAT_ID;
  private static final int NAME_ALIGN = 64;

  /** One event to record: its attr, the name perf shows and the sample ids that belong to it. */
  public record Event(EventAttr attr, String name, long[] ids) {}

  /** How to write: pipe or file mode, and the byte order. */
  public record Options(boolean pipe, ByteOrder order) {
    public static final Options FILE = new Options(false, ByteOrder.LITTLE_ENDIAN);
    public static final Options PIPE = new Options(true, ByteOrder.LITTLE_ENDIAN);
  }

  private final WritableByteChannel out;
  private final FileChannel file; // null in pipe mode
  private final OutputStream stream; // set when writing to a caller's stream, which stays open
  private final Options options;
  private final List<Event> events;
  private final byte[] tracingData;
  private final HostInfo host;
  private final ByteBuffer buf;
  private final RecordLayout layout; // of the first event: where side-band records put the trailer
  private long written;
  private long dataOffset;
  private boolean closed;

  /** The binaries of the BUILD_ID feature (empty: no such feature). */
  private List<BuildId> buildIds = List.of();

  private PerfDataWriter(
      WritableByteChannel out,
      FileChannel file,
      OutputStream stream,
      Options options,
      List<Event> events,
      byte[] tracingData,
      HostInfo host) {
    this.out = out;
    this.stream = stream;
    this.file = file;
    this.options = options;
    this.events = List.copyOf(events);
    this.tracingData = tracingData;
    this.host = host;
    this.buf = ByteBuffer.allocate(1 << 20).order(options.order());
    this.layout = this.events.isEmpty() ? null : RecordLayout.of(this.events.get(0).attr());
  }

  /**
   * The attr perf record gives a tracepoint: {@code disabled}, {@code inherit}, {@code
   * enable_on_exec}, {@code sample_id_all}, {@code exclude_guest}, and on the first event also the
   * side-band bits.
   */
  public static EventAttr tracepointAttr(int tracepointId, boolean first) {
    return EventAttr.tracepoint(tracepointId)
        .sampleType(SAMPLE_TYPE)
        .readFormat(READ_FORMAT)
        .flags(
            AttrFlag.DISABLED,
            AttrFlag.INHERIT,
            AttrFlag.ENABLE_ON_EXEC,
            AttrFlag.SAMPLE_ID_ALL,
            AttrFlag.EXCLUDE_GUEST)
        .flags(
            first, AttrFlag.MMAP, AttrFlag.COMM, AttrFlag.TASK, AttrFlag.MMAP2, AttrFlag.COMM_EXEC)
        .build();
  }

  /** Creates a file ({@code -} writes pipe mode to standard output). */
  public static PerfDataWriter create(
      Path path, Options options, List<Event> events, TracingDataSource tracing, HostInfo host)
      throws IOException {
    if (path.toString().equals("-")) {
      return toStream(System.out, new Options(true, options.order()), events, tracing, host);
    }
    FileChannel ch = OutputFile.create(path);
    PerfDataWriter w =
        new PerfDataWriter(
            ch,
            options.pipe() ? null : ch,
            null,
            options,
            events,
            TracingDataWriter.write(tracing, options.order(), 8, 4096),
            host);
    w.start();
    return w;
  }

  /** Writes pipe mode to a stream (which is not closed at the end). */
  public static PerfDataWriter toStream(
      OutputStream stream,
      Options options,
      List<Event> events,
      TracingDataSource tracing,
      HostInfo host)
      throws IOException {
    WritableByteChannel ch = Channels.newChannel(stream);
    PerfDataWriter w =
        new PerfDataWriter(
            ch,
            null,
            stream,
            new Options(true, options.order()),
            events,
            TracingDataWriter.write(tracing, options.order(), 8, 4096),
            host);
    w.start();
    return w;
  }

  private void start() throws IOException {
    if (options.pipe()) {
      buf.putLong(FileHeader.MAGIC).putLong(FileHeader.PIPE_SIZE);
      for (Event e : events) {
        int size = 8 + EventAttr.SIZE_CURRENT + 8 * e.ids().length;
        header(RecordType.HEADER_ATTR, 0, size);
        AttrCodec.write(buf, e.attr());
        for (long id : e.ids()) buf.putLong(id);
      }
      for (int feature : features()) {
        byte[] body = feature(feature);
        if (body == null) continue;
        header(RecordType.HEADER_FEATURE, 0, 16 + body.length);
        buf.putLong(feature);
        bytes(body, 0, body.length);
      }
      header(RecordType.HEADER_FEATURE, 0, 16); // the end of the features, as perf marks it
      buf.putLong(Feature.LAST_KNOWN + 1);
      header(RecordType.HEADER_TRACING_DATA, 0, 16);
      buf.putInt((tracingData.length + 7) & ~7).putInt(0); // perf stores the padded size
      bytes(tracingData, 0, tracingData.length);
      pad8(tracingData.length);
      header(RecordType.FINISHED_INIT, 0, 8);
    } else {
      long idsStart = FileHeader.FILE_SIZE + (long) FileHeader.ATTR_ENTRY * events.size();
      dataOffset = idsStart;
      for (Event e : events) dataOffset += 8L * e.ids().length;
      // Until close rewrites it: data size 0 and no features, which is how perf tells a
      // recording that did not end (the data then runs to the end of the file).
      buf.put(fileHeader(0, new long[4]));
      long idsAt = idsStart;
      for (Event e : events) {
        AttrCodec.write(buf, e.attr());
        buf.putLong(idsAt).putLong(8L * e.ids().length);
        idsAt += 8L * e.ids().length;
      }
      for (Event e : events) {
        for (long id : e.ids()) buf.putLong(id);
      }
    }
  }

  /** The file-mode header: the sections' places, the data size and the feature bits. */
  private ByteBuffer fileHeader(long dataSize, long[] featureBits) {
    ByteBuffer h = ByteBuffer.allocate(FileHeader.FILE_SIZE).order(options.order());
    h.putLong(FileHeader.MAGIC)
        .putLong(FileHeader.FILE_SIZE)
        .putLong(FileHeader.ATTR_ENTRY)
        .putLong(FileHeader.FILE_SIZE)
        .putLong((long) FileHeader.ATTR_ENTRY * events.size())
        .putLong(dataOffset)
        .putLong(dataSize)
        .putLong(0)
        .putLong(0);
    for (long word : featureBits) h.putLong(word);
    return h.flip();
  }

  /** The features written, in bit order (BUILD_ID only when binaries were given). */
  private int[] features() {
    return IntStream.of(
            Feature.TRACING_DATA,
            Feature.BUILD_ID,
            Feature.HOSTNAME,
            Feature.OSRELEASE,
            Feature.ARCH,
            Feature.NRCPUS,
            Feature.CMDLINE,
            Feature.EVENT_DESC)
        .filter(f -> f != Feature.BUILD_ID || !buildIds.isEmpty())
        .toArray();
  }

  /** A feature section's bytes (null for TRACING_DATA in pipe mode, which has its own record). */
  private byte[] feature(int feature) {
    ByteBuffer b;
    switch (feature) {
      case Feature.TRACING_DATA -> {
        return options.pipe() ? null : tracingData;
      }
      case Feature.BUILD_ID -> b = buildIdSection();
      case Feature.HOSTNAME -> b = strings(host.hostname());
      case Feature.OSRELEASE -> b = strings(host.osRelease());
      case Feature.ARCH -> b = strings(host.arch());
      case Feature.NRCPUS ->
          b =
              ByteBuffer.allocate(8)
                  .order(options.order())
                  .putInt(host.nrCpusAvailable())
                  .putInt(host.nrCpusOnline());
      case Feature.CMDLINE -> {
        ByteBuffer args = strings(host.cmdline().toArray(String[]::new));
        b =
            ByteBuffer.allocate(4 + args.position())
                .order(options.order())
                .putInt(host.cmdline().size())
                .put(args.array(), 0, args.position());
      }
      case Feature.EVENT_DESC -> {
        int size = 8;
        for (Event e : events)
          size += EventAttr.SIZE_CURRENT + 4 + stringSize(e.name()) + 8 * e.ids().length;
        b = ByteBuffer.allocate(size).order(options.order());
        b.putInt(events.size()).putInt(EventAttr.SIZE_CURRENT);
        for (Event e : events) {
          AttrCodec.write(b, e.attr());
          b.putInt(e.ids().length);
          putString(b, e.name());
          for (long id : e.ids()) b.putLong(id);
        }
      }
      default -> throw new IllegalArgumentException("feature " + feature);
    }
    byte[] out = new byte[b.position()];
    b.flip().get(out);
    return out;
  }

  /**
   * A binary for the BUILD_ID feature: whose (pid -1 for the kernel's), its build id (up to 20
   * bytes) and path.
   */
  public record BuildId(int pid, boolean kernel, byte[] id, String filename) {}

  /** The binaries the recording's samples may hit, for the BUILD_ID feature (file mode). */
  public void buildIds(List<BuildId> ids) {
    this.buildIds = List.copyOf(ids);
  }

  /** perf's build_id events: header, pid, 20 id bytes with their size, the padded name. */
  private ByteBuffer buildIdSection() {
    int size = 0;
    for (BuildId b : buildIds) size += BUILD_ID_EVENT + nameSize(b.filename());
    ByteBuffer out = ByteBuffer.allocate(size).order(options.order());
    for (BuildId b : buildIds) {
      byte[] name = b.filename().getBytes(StandardCharsets.UTF_8);
      int padded = nameSize(b.filename());
      int misc = (b.kernel() ? RecordType.MISC_KERNEL : RecordType.MISC_USER) | MISC_BUILD_ID_SIZE;
      out.putInt(0).putShort((short) misc).putShort((short) (BUILD_ID_EVENT + padded));
      out.putInt(b.pid());
      byte[] id = Arrays.copyOf(b.id(), 20);
      out.put(id).put((byte) Math.min(20, b.id().length)).put((byte) 0).putShort((short) 0);
      out.put(name).put(new byte[padded - name.length]);
    }
    return out;
  }

  /** perf_record_header_build_id without its name: header 8, pid 4, 24 bytes of id and size. */
  private static final int BUILD_ID_EVENT = 36;

  /** PERF_RECORD_MISC_BUILD_ID_SIZE: the id's size is in the byte after its 20. */
  private static final int MISC_BUILD_ID_SIZE = 1 << 15;

  private static int nameSize(String s) {
    int len = s.getBytes(StandardCharsets.UTF_8).length + 1;
    return (len + NAME_ALIGN - 1) / NAME_ALIGN * NAME_ALIGN;
  }

  private static int stringSize(String s) {
    int len = s.getBytes(StandardCharsets.UTF_8).length + 1;
    return 4 + (len + NAME_ALIGN - 1) / NAME_ALIGN * NAME_ALIGN;
  }

  private ByteBuffer strings(String... values) {
    int size = 0;
    for (String v : values) size += stringSize(v);
    ByteBuffer b = ByteBuffer.allocate(size).order(options.order());
    for (String v : values) putString(b, v);
    return b;
  }

  /** perf's string: u32 padded length, the bytes, NUL padding to a multiple of 64. */
  private static void putString(ByteBuffer b, String s) {
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    int padded = stringSize(s) - 4;
    b.putInt(padded).put(bytes).put(new byte[padded - bytes.length]);
  }

  // ---- records ----

  /**
   * A tracepoint sample of event {@code event} (an index into the event list), laid out by that
   * event's sample_type (IDENTIFIER, IP, TID, TIME, ID, CPU, PERIOD and RAW are supported).
   */
  public void sample(int event, int pid, int tid, long time, int cpu, byte[] raw)
      throws IOException {
    int rawSize = sampleHead(event, pid, tid, time, cpu, raw.length);
    if (rawSize >= 0) buf.put(raw).put(new byte[rawSize - raw.length]);
  }

  /**
   * As {@link #sample(int, int, int, long, int, byte[])} with a raw payload of {@code head} (8
   * bytes, in the file's byte order) followed by {@code len} bytes of src at off, copied without an
   * intermediate array.
   */
  public void sample(
      int event,
      int pid,
      int tid,
      long time,
      int cpu,
      long head,
      MemorySegment src,
      long off,
      int len)
      throws IOException {
    int rawSize = sampleHead(event, pid, tid, time, cpu, 8 + len);
    if (rawSize < 0) throw new IllegalArgumentException("a sample with a payload needs SAMPLE_RAW");
    buf.putLong(head);
    MemorySegment.copy(
        src, ValueLayout.JAVA_BYTE, off, buf.array(), buf.arrayOffset() + buf.position(), len);
    buf.position(buf.position() + len);
    for (int i = 8 + len; i < rawSize; i++) buf.put((byte) 0);
  }

  /**
   * Writes a sample's header and fields up to its raw size (with room for the raw data buffered);
   * returns the raw data's padded size, or -1 when the event's samples carry none.
   */
  private int sampleHead(int event, int pid, int tid, long time, int cpu, int rawLength)
      throws IOException {
    long st = events.get(event).attr().sampleType();
    long id = events.get(event).ids()[0];
    int rawSize =
        ((rawLength + 4 + 7) & ~7) - 4; // the kernel pads raw data so the sample stays u64-aligned
    int size =
        8
            + 8 * Long.bitCount(st & ~SampleType.RAW)
            + ((st & SampleType.RAW) != 0 ? 4 + rawSize : 0);
    if (size > 0xffff)
      throw new IllegalArgumentException("sample of " + size + " bytes does not fit a record");
    header(RecordType.SAMPLE, RecordType.MISC_KERNEL, size);
    ensure(size - 8);
    if ((st & SampleType.IDENTIFIER) != 0) buf.putLong(id);
    if ((st & SampleType.IP) != 0) buf.putLong(0);
    if ((st & SampleType.TID) != 0) buf.putInt(pid).putInt(tid);
    if ((st & SampleType.TIME) != 0) buf.putLong(time);
    if ((st & SampleType.ID) != 0) buf.putLong(id);
    if ((st & SampleType.CPU) != 0) buf.putInt(cpu).putInt(0);
    if ((st & SampleType.PERIOD) != 0) buf.putLong(1);
    if ((st & SampleType.RAW) == 0) return -1;
    buf.putInt(rawSize);
    return rawSize;
  }

  /**
   * PERF_RECORD_LOST_SAMPLES: drops counted by the kernel (read_format LOST) but never reported by
   * a LOST.
   */
  public void lostSamples(long lost, long time, int cpu) throws IOException {
    header(RecordType.LOST_SAMPLES, 0, 8 + 8 + trailerSize());
    ensure(8 + trailerSize());
    buf.putLong(lost);
    trailer(-1, -1, time, cpu);
  }

  /** PERF_RECORD_COMM (with {@code exec} set when the name comes from an exec). */
  public void comm(int pid, int tid, String comm, long time, int cpu, boolean exec)
      throws IOException {
    byte[] name = comm.getBytes(StandardCharsets.UTF_8);
    int nameSize = (name.length + 1 + 7) & ~7;
    int size = 8 + 8 + nameSize + trailerSize();
    header(RecordType.COMM, exec ? RecordType.MISC_COMM_EXEC : 0, size);
    ensure(size - 8);
    buf.putInt(pid).putInt(tid).put(name).put(new byte[nameSize - name.length]);
    trailer(pid, tid, time, cpu);
  }

  /**
   * PERF_RECORD_MMAP2 of a mapping that existed before the recording (read from /proc/PID/maps), as
   * perf record synthesizes them; {@code pid} -1 with {@code kernel} for the kernel's text.
   */
  public void mmap2(Mmap2 m) throws IOException {
    byte[] name = m.filename().getBytes(StandardCharsets.UTF_8);
    int nameSize = (name.length + 1 + 7) & ~7;
    int size = 8 + 64 + nameSize + trailerSize();
    header(RecordType.MMAP2, m.kernel() ? RecordType.MISC_KERNEL : RecordType.MISC_USER, size);
    ensure(size - 8);
    buf.putInt(m.pid()).putInt(m.pid()).putLong(m.start()).putLong(m.length()).putLong(m.pgoff());
    buf.putInt(m.major()).putInt(m.minor()).putLong(m.inode()).putLong(0);
    buf.putInt(m.prot()).putInt(m.flags());
    buf.put(name).put(new byte[nameSize - name.length]);
    trailer(m.pid(), m.pid(), 0, 0);
  }

  /** One mapping for {@link #mmap2}. */
  public record Mmap2(
      int pid,
      boolean kernel,
      long start,
      long length,
      long pgoff,
      int major,
      int minor,
      long inode,
      int prot,
      int flags,
      String filename) {}

  /** PERF_RECORD_FORK or PERF_RECORD_EXIT. */
  public void task(boolean fork, int pid, int ppid, int tid, int ptid, long time, int cpu)
      throws IOException {
    int size = 8 + 16 + 8 + trailerSize();
    header(fork ? RecordType.FORK : RecordType.EXIT, 0, size);
    ensure(size - 8);
    buf.putInt(pid).putInt(ppid).putInt(tid).putInt(ptid).putLong(time);
    trailer(pid, tid, time, cpu);
  }

  /** PERF_RECORD_LOST: the ring dropped {@code lost} records. */
  public void lost(long lost, long time, int cpu) throws IOException {
    header(RecordType.LOST, 0, 8 + 16 + trailerSize());
    ensure(16 + trailerSize());
    buf.putLong(events.get(0).ids()[0]).putLong(lost);
    trailer(-1, -1, time, cpu);
  }

  public void finishedRound() throws IOException {
    header(RecordType.FINISHED_ROUND, 0, 8);
  }

  /**
   * A record already laid out in this writer's byte order (as read from the kernel's ring on this
   * host).
   */
  public void record(byte[] b, int off, int len) throws IOException {
    bytes(b, off, len);
  }

  /**
   * Records copied from the kernel's ring as one block (whole records, this writer's byte order):
   * the recorder's bulk path, one copy per ring pass instead of one call per record.
   */
  public void records(MemorySegment src, long len) throws IOException {
    long off = 0;
    while (off < len) {
      if (!buf.hasRemaining()) flush();
      int n = (int) Math.min(len - off, buf.remaining());
      MemorySegment.copy(
          src, ValueLayout.JAVA_BYTE, off, buf.array(), buf.arrayOffset() + buf.position(), n);
      buf.position(buf.position() + n);
      off += n;
    }
  }

  /** The sample_id_all trailer of side-band records, by the first event's attr. */
  private int trailerSize() {
    return layout.trailerSize();
  }

  private void trailer(int pid, int tid, long time, int cpu) {
    EventAttr a = events.get(0).attr();
    if (!a.flag(AttrFlag.SAMPLE_ID_ALL)) return;
    long st = a.sampleType();
    long id = events.get(0).ids()[0];
    if ((st & SampleType.TID) != 0) buf.putInt(pid).putInt(tid);
    if ((st & SampleType.TIME) != 0) buf.putLong(time);
    if ((st & SampleType.ID) != 0) buf.putLong(id);
    if ((st & SampleType.STREAM_ID) != 0) buf.putLong(id);
    if ((st & SampleType.CPU) != 0) buf.putInt(cpu).putInt(0);
    if ((st & SampleType.IDENTIFIER) != 0) buf.putLong(id);
  }

  private void header(int type, int misc, int size) throws IOException {
    ensure(8);
    buf.putInt(type).putShort((short) misc).putShort((short) size);
  }

  private void bytes(byte[] b, int off, int len) throws IOException {
    while (len > 0) {
      if (!buf.hasRemaining()) flush();
      int n = Math.min(len, buf.remaining());
      buf.put(b, off, n);
      off += n;
      len -= n;
    }
  }

  private void pad8(int len) throws IOException {
    int pad = ((len + 7) & ~7) - len;
    ensure(pad);
    buf.put(new byte[pad]);
  }

  private void ensure(int n) throws IOException {
    if (buf.remaining() < n) flush();
  }

  /**
   * Writes what is buffered to the file or pipe. The recorder calls it after each drain: a
   * recording killed later still holds everything up to its last flush.
   */
  public void flush() throws IOException {
    buf.flip();
    while (buf.hasRemaining()) written += out.write(buf);
    buf.clear();
  }

  @Override
  public void close() throws IOException {
    if (closed) return;
    closed = true;
    try {
      if (file != null) {
        flush();
        long dataSize = written - dataOffset;
        int[] features = features();
        long tableAt = written;
        long bodyAt = tableAt + 16L * features.length;
        List<byte[]> bodies = new ArrayList<>();
        ByteBuffer table = ByteBuffer.allocate(16 * features.length).order(options.order());
        for (int f : features) {
          byte[] body = feature(f);
          bodies.add(body);
          table.putLong(bodyAt).putLong(body.length);
          bodyAt += body.length;
        }
        bytes(table.array(), 0, table.capacity());
        for (byte[] body : bodies) bytes(body, 0, body.length);
        flush();
        long[] bitmap = new long[4];
        for (int f : features) bitmap[f / 64] |= 1L << (f % 64);
        ByteBuffer h = fileHeader(dataSize, bitmap);
        long at = 0;
        while (h.hasRemaining()) at += file.write(h, at);
      } else {
        flush();
      }
    } finally {
      if (stream != null) {
        stream.flush();
      } else {
        out.close();
      }
    }
  }
}
