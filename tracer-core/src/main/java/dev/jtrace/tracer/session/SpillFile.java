package dev.jtrace.tracer.session;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Where the paired ring's records go when the printer is so far behind that the chunks' budget is
 * spent: an unlinked file on disk, written by the reader and read back in queue order by the
 * printer. The kernel drops records only when this is full too ({@link #limit} bytes not yet read
 * back), so a burst longer than the memory budget (dd's million calls a second against a printer's
 * slower pace) is printed late but whole, while jtrace's memory stays bounded: the bytes wait in
 * the page cache, which the kernel writes back and frees as it needs, not in jtrace's heap or
 * mappings.
 *
 * <p>The reader appends; the printer reads each piece once, in the order appended. When the printer
 * has read back everything written, the next piece starts the file over at 0, so its size is
 * bounded by the largest backlog.
 */
final class SpillFile implements AutoCloseable {
  /** The default bound on bytes written and not yet read back. */
  static final long DEFAULT_LIMIT = 1L << 30;

  private final FileChannel channel;
  private final Path dir;
  private final long limit;

  /** The reader's staging copy of a piece of the ring, written from here. */
  private final MemorySegment staging;

  /** Where the next piece goes (reader only). */
  private long writeAt;

  /** Bytes appended, and bytes read back (by the printer), since the start. */
  private final AtomicLong appended = new AtomicLong();

  private final AtomicLong readBack = new AtomicLong();

  /** The largest backlog in bytes, and how many pieces were spilled (-v reports them). */
  private long mostPending;

  private long pieces;

  private SpillFile(FileChannel channel, Path dir, long limit, long stagingBytes) {
    this.channel = channel;
    this.dir = dir;
    this.limit = limit;
    this.staging = Arena.ofAuto().allocate(stagingBytes, 8);
  }

  /**
   * A spill file in dir (created 0600 and unlinked at once, so nothing is left behind however
   * jtrace ends), whose pieces are at most stagingBytes long.
   *
   * @throws IOException when dir takes no file: the caller traces without one
   */
  static SpillFile create(Path dir, long limit, long stagingBytes) throws IOException {
    Path file =
        Files.createTempFile(
            dir,
            "jtrace-spill",
            ".tmp",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    try {
      FileChannel channel =
          FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
      return new SpillFile(channel, dir, limit, stagingBytes);
    } finally {
      Files.deleteIfExists(file);
    }
  }

  /** Where spill files go: /var/tmp (on disk, as the FHS says), else java.io.tmpdir. */
  static Path defaultDir() {
    Path varTmp = Path.of("/var/tmp");
    return Files.isDirectory(varTmp) && Files.isWritable(varTmp)
        ? varTmp
        : Path.of(System.getProperty("java.io.tmpdir"));
  }

  /** The reader's staging segment: copy a piece of the ring here, then {@link #append} it. */
  MemorySegment staging() {
    return staging;
  }

  /** Bytes written and not yet read back. */
  long pending() {
    return appended.get() - readBack.get();
  }

  /** The most bytes that may wait. */
  long limit() {
    return limit;
  }

  /** Whether a piece of n more bytes fits in the limit. */
  boolean hasRoom(long n) {
    return appended.get() - readBack.get() + n <= limit;
  }

  /**
   * Writes the first n bytes of the staging segment and returns where they went (reader only).
   *
   * @throws IOException when the disk refuses them (full): the caller drops the piece as lost
   */
  long append(long n) throws IOException {
    if (appended.get() == readBack.get()) {
      writeAt = 0; // everything was read back: start over, the file never grows past a backlog
    }
    long at = writeAt;
    ByteBuffer b = staging.asSlice(0, n).asByteBuffer();
    for (long pos = at; b.hasRemaining(); ) {
      pos += channel.write(b, pos);
    }
    writeAt = at + n;
    long pending = appended.addAndGet(n) - readBack.get();
    mostPending = Math.max(mostPending, pending);
    pieces++;
    return at;
  }

  /** Reads the piece of n bytes at offset into dst at 0 (printer only), once. */
  void readBack(long offset, long n, MemorySegment dst) throws IOException {
    ByteBuffer b = dst.asSlice(0, n).asByteBuffer();
    for (long pos = offset; b.hasRemaining(); ) {
      int r = channel.read(b, pos);
      if (r < 0) {
        throw new IOException("spill file " + dir + ": ends at " + pos + ", before its pieces");
      }
      pos += r;
    }
    readBack.addAndGet(n);
  }

  /** What -v says at the end. */
  String usage() {
    return pieces == 0
        ? "nothing spilled"
        : String.format(
            "%d pieces spilled to %s, at most %.1f MiB waiting",
            pieces, dir, mostPending / 1048576.0);
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
