package dev.jtrace.perf.abi;

/**
 * The fixed facts of a perf.data header: the magic and the sizes that tell file mode from pipe
 * mode.
 */
public final class FileHeader {
  private FileHeader() {}

  /**
   * {@code "PERFILE2"} read as a little-endian u64; a big-endian file reads as its byte reversal.
   */
  public static final long MAGIC = 0x32454c4946524550L;

  /**
   * The header of a seekable file: magic, size, attr size, then the attrs, data and event-types
   * sections and the feature bits.
   */
  public static final int FILE_SIZE = 104;

  /** The header of a pipe-mode stream: magic and size only. */
  public static final int PIPE_SIZE = 16;

  /**
   * Bytes of each entry of the attrs section: the attr, then the section (offset, size) of its ids.
   */
  public static final int ATTR_ENTRY = EventAttr.SIZE_CURRENT + 16;
}
