package dev.jtrace.perfdata.tracing;

/**
 * The tracepoint formats of jtrace's own that its recordings carry beside the kernel's (the BPF
 * copies of the calls' strings), so that perf and jtrace print those samples as text; a file that
 * lost its tracing data finds them here rather than in the host's tracefs.
 */
public final class RecordedFormats {
  private RecordedFormats() {}

  /** The strings' event: {@code system:name}. */
  public static final String STRINGS_NAME = "jtrace:strings";

  /** Its id: the first u16 of every such sample (never a kernel tracepoint's id). */
  public static final int STRINGS_ID = 0xffff;

  /**
   * The tracepoint format a recording describes the strings' samples with, under {@link
   * #STRINGS_NAME}: its id is the payload's marker, so perf script (libtraceevent) and jtrace
   * script print them as text ({@code nr=257 arg=1 pointer=0x… len=14 value=/etc/hostname}) rather
   * than dump them as bytes.
   */
  public static final String STRINGS =
      """
      name: strings
      ID: %d
      format:
      \tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;

      \tfield:unsigned char arg;\toffset:2;\tsize:1;\tsigned:0;
      \tfield:unsigned int nr;\toffset:4;\tsize:4;\tsigned:0;
      \tfield:unsigned int len;\toffset:8;\tsize:4;\tsigned:0;
      \tfield:unsigned long pointer;\toffset:16;\tsize:8;\tsigned:0;
      \tfield:char value[%d];\toffset:24;\tsize:%d;\tsigned:0;

      print fmt: "nr=%%u arg=%%u pointer=0x%%lx len=%%u value=%%s", REC->nr, REC->arg, \
      REC->pointer, REC->len, REC->value
      """
          .formatted(STRINGS_ID, 4096, 4096);

  /** The paired calls' event: one sample per call with the memory its arguments point at. */
  public static final String PAIRED_NAME = "jtrace:paired";

  /** Its id: the first u16 of every such sample. */
  public static final int PAIRED_ID = 0xfffd;

  /**
   * The bytes before the call's record in a {@link #PAIRED_NAME} sample's payload: u16 {@link
   * #PAIRED_ID}, u16 0, u32 the record's length.
   */
  public static final int PAIRED_PREFIX = 8;

  /**
   * The format a recording describes the paired calls' samples with: a few of the record's header
   * fields by name (the record is jtrace's paired capture's own layout, at {@link #PAIRED_PREFIX}),
   * so perf script prints {@code jtrace:paired: nr=0 tid=1234 ret=5 len=152}.
   */
  public static final String PAIRED =
      """
      name: paired
      ID: %d
      format:
      \tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;

      \tfield:unsigned int len;\toffset:4;\tsize:4;\tsigned:0;
      \tfield:unsigned int tid;\toffset:%d;\tsize:4;\tsigned:0;
      \tfield:int nr;\toffset:%d;\tsize:4;\tsigned:1;
      \tfield:long ret;\toffset:%d;\tsize:8;\tsigned:1;

      print fmt: "nr=%%d tid=%%u ret=%%ld len=%%u", REC->nr, REC->tid, REC->ret, REC->len
      """
          .formatted(PAIRED_ID, PAIRED_PREFIX + 28, PAIRED_PREFIX + 32, PAIRED_PREFIX + 88);
}
