package dev.jtrace.perfdata.read;

import dev.jtrace.perf.abi.AttrCodec;
import dev.jtrace.perf.abi.EventAttr;
import dev.jtrace.perf.abi.FileHeader;
import dev.jtrace.perfdata.Feature;
import dev.jtrace.perfdata.PerfDataException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Set;

/**
 * The layout of a file-mode perf.data, read with positional reads into the reader's {@link
 * HeaderState}: the file header (with the feature bits), the attrs with their ids, and the feature
 * sections the reader decodes. Every section is checked against the file's size before it is read.
 * The data section is the reader's.
 */
final class FileLayout {
  private static final int MAX_ATTR_ENTRY = 4096;
  private static final long MAX_IDS = 1L << 20;

  /**
   * Where the layout reports what it passes over, and the offset it is at (for errors it does not
   * name).
   */
  interface Warnings {
    void warn(String message);

    void warnOnce(String key, String message);

    void at(long offset);
  }

  private final PerfDataReader.Positional pos;
  private final long inputSize;
  private final ByteOrder order;
  private final HeaderState state;
  private final Warnings warnings;

  FileLayout(
      PerfDataReader.Positional pos,
      long inputSize,
      ByteOrder order,
      HeaderState state,
      Warnings warnings) {
    this.pos = pos;
    this.inputSize = inputSize;
    this.order = order;
    this.state = state;
    this.warnings = warnings;
  }

  /**
   * Reads the header, attrs and features into the state (the data section's place included).
   * Returns the first bad feature section, or null: the data may still be readable, so that error
   * comes after it.
   */
  PerfDataException read() throws IOException {
    ByteBuffer h = readAt(0, FileHeader.FILE_SIZE, "the file header").order(order);
    long attrSize = h.getLong(16);
    long attrsOffset = h.getLong(24);
    long attrsSize = h.getLong(32);
    long dataOffset = h.getLong(40);
    long dataSize = h.getLong(48);
    state.dataOffset = dataOffset;
    state.dataSize = dataSize;
    if (attrSize < EventAttr.SIZE_VER0 + 16 || attrSize > MAX_ATTR_ENTRY) {
      throw new PerfDataException(
          16,
          "attr entry size "
              + Long.toUnsignedString(attrSize)
              + " is not between "
              + (EventAttr.SIZE_VER0 + 16)
              + " and "
              + MAX_ATTR_ENTRY);
    }
    checkSection(24, "attrs", attrsOffset, attrsSize);
    if (attrsSize % attrSize != 0) {
      throw new PerfDataException(
          32,
          "attrs section size "
              + attrsSize
              + " is not a multiple of the attr entry size "
              + attrSize);
    }
    checkSection(40, "data", dataOffset, 0);
    for (int w = 0; w < 4; w++) {
      long word = h.getLong(72 + 8 * w);
      for (int bit = 0; bit < 64; bit++) {
        if ((word & (1L << bit)) != 0) state.features.add(w * 64 + bit);
      }
    }
    attrs(attrsOffset, attrsSize, (int) attrSize);
    if (dataSize == 0 && inputSize > dataOffset) {
      // a recording that did not end (killed): perf leaves the header as written at the start
      state.dataSize = inputSize - dataOffset;
      state.unended = true;
      state.features.clear();
      state.tracingData = HostFormats.of(state.attrs, Set.of(), order);
      warnings.warnOnce(
          "data size 0",
          "the header's data size is 0, as a recording that did not end leaves it: the data is read"
              + " to the end of the file (its last record may be cut short), without the feature"
              + " sections"
              + (state.tracingData == null
                  ? ""
                  : " (tracepoint formats from this host's tracefs)"));
      return null;
    }
    return features(dataOffset + dataSize, dataSize);
  }

  /** The attrs section: each entry an attr, then the (offset, size) section of its ids. */
  private void attrs(long attrsOffset, long attrsSize, int entry) throws IOException {
    ByteBuffer attrs = readAt(attrsOffset, (int) attrsSize, "the attrs section").order(order);
    for (int off = 0; off < attrsSize; off += entry) {
      EventAttr a = AttrCodec.read(attrs, off, entry - 16);
      long idsOffset = attrs.getLong(off + entry - 16);
      long idsSize = attrs.getLong(off + entry - 8);
      long where = attrsOffset + off + entry - 16;
      checkSection(where, "attr ids", idsOffset, idsSize);
      if (idsSize % 8 != 0 || idsSize / 8 > MAX_IDS) {
        throw new PerfDataException(
            where + 8, "attr ids size " + idsSize + " is not a plausible multiple of 8");
      }
      long[] ids = new long[(int) (idsSize / 8)];
      if (ids.length > 0) {
        ByteBuffer ib = readAt(idsOffset, (int) idsSize, "attr ids").order(order);
        for (int i = 0; i < ids.length; i++) ids[i] = ib.getLong(8 * i);
      }
      state.attrs.add(a);
      state.attrIds.add(ids);
    }
  }

  /** The feature section table right after the data, one (offset, size) per feature bit set. */
  private PerfDataException features(long featTable, long dataSize) throws IOException {
    int nFeatures = state.features.size();
    if (nFeatures == 0) return null;
    if (dataSize < 0 || featTable < 0 || featTable + 16L * nFeatures > inputSize) {
      warnings.warnOnce(
          "features",
          "the feature section table at offset 0x"
              + Long.toHexString(featTable)
              + " lies past the end of the file (truncated?); features are ignored");
      return null;
    }
    PerfDataException first = null;
    ByteBuffer ft = readAt(featTable, 16 * nFeatures, "the feature section table").order(order);
    int zeroed = 0;
    for (int i = 0; i < nFeatures; i++) {
      int feature = state.features.get(i);
      long off = ft.getLong(16 * i);
      long size = ft.getLong(16 * i + 8);
      long where = featTable + 16L * i;
      warnings.at(where);
      if (off == 0 && size == 0) {
        // no section at all (a zeroed table): nothing to decode, said once below
        if (zeroed++ == 0) {
          warnings.warnOnce(
              "zeroed features",
              "the feature section table at offset 0x"
                  + Long.toHexString(featTable)
                  + " has entries of offset 0 and size 0 (zeroed?): those features are missing");
        }
        continue;
      }
      try {
        checkSection(where, "feature " + Feature.name(feature), off, size);
        if (size > Integer.MAX_VALUE - 16) {
          throw new PerfDataException(
              where + 8, "feature " + Feature.name(feature) + " size " + size + " is too large");
        }
        if (!needsBytes(feature)) {
          if (!Feature.known(feature))
            warnings.warnOnce(
                "feature " + feature,
                "feature section "
                    + feature
                    + " ("
                    + Feature.name(feature)
                    + ") is not decoded, skipped");
          continue;
        }
        ByteBuffer fb = readAt(off, (int) size, "feature " + Feature.name(feature));
        FeatureParser.parse(feature, fb.array(), 0, (int) size, off, order, state, warnings::warn);
      } catch (PerfDataException e) {
        if (first == null) first = e;
      }
    }
    return first;
  }

  /** Features whose bytes this reader decodes (others are not even read). */
  private static boolean needsBytes(int feature) {
    return switch (feature) {
      case Feature.TRACING_DATA,
          Feature.HOSTNAME,
          Feature.OSRELEASE,
          Feature.VERSION,
          Feature.ARCH,
          Feature.CPUDESC,
          Feature.CPUID,
          Feature.NRCPUS,
          Feature.TOTAL_MEM,
          Feature.CMDLINE,
          Feature.EVENT_DESC,
          Feature.SAMPLE_TIME,
          Feature.SIMPLEPERF_META_INFO ->
          true;
      default -> false;
    };
  }

  private void checkSection(long where, String what, long offset, long size) {
    if (offset < 0 || size < 0 || offset > inputSize || size > inputSize - offset) {
      throw new PerfDataException(
          where,
          "the "
              + what
              + " section (offset "
              + Long.toUnsignedString(offset)
              + ", size "
              + Long.toUnsignedString(size)
              + ") lies past the end of the "
              + inputSize
              + "-byte file");
    }
  }

  private ByteBuffer readAt(long offset, int size, String what) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(size);
    while (b.hasRemaining()) {
      int r = pos.read(b, offset + b.position());
      if (r < 0) throw new PerfDataException(offset + b.position(), "the file ends inside " + what);
    }
    return b.flip();
  }
}
