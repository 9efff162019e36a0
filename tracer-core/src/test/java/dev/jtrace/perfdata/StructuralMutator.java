package dev.jtrace.perfdata;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Damages a perf.data file where it hurts, as someone fuzzing it from outside would: it finds the
 * structure on its own (file header, attrs and their ids, feature section table, tracing data and
 * its format texts, the data section's record headers; pipe mode's ATTR and TRACING_DATA records)
 * and changes one to three of those fields to values that break assumptions: sizes, offsets and
 * counts of 0, 1, off by one, past the end, huge; other ids; flipped flag bits; damaged name bytes
 * and format digits; record sizes of 0, 1, 7 and 0xffff. It shares no code with the reader, so a
 * wrong idea of the format is not made twice.
 */
public final class StructuralMutator {
  /** What a field is, which decides the values it gets. */
  enum Kind {
    SIZE,
    OFFSET,
    COUNT,
    ID,
    FLAGS,
    RECORD_SIZE,
    DIGIT,
    NAME_BYTE
  }

  /** A field of the seed: where, how wide, what it is, and a label for the failure message. */
  record Target(String label, int offset, int width, Kind kind) {}

  /** A damaged file and what was done to it. */
  public record Mutant(byte[] bytes, String description) {}

  private static final byte[] TRACING_MAGIC = {0x17, 0x08, 0x44, 't', 'r', 'a', 'c', 'i', 'n', 'g'};
  private static final int FILE_HEADER_SIZE = 104;
  private static final int PIPE_HEADER_SIZE = 16;
  private static final int TYPE_ATTR = 64;
  private static final int TYPE_TRACING_DATA = 66;
  private static final int TYPE_SIMPLEPERF_TRACING_DATA = 32777;
  private static final int FEATURE_TRACING_DATA = 1;

  private final String name;
  private final byte[] seed;
  private final ByteBuffer buf;
  private final List<Target> targets = new ArrayList<>();

  public StructuralMutator(String name, byte[] seed) {
    this.name = name;
    this.seed = seed;
    ByteOrder order =
        seed.length >= 8 && seed[0] == '2' && seed[7] == 'P'
            ? ByteOrder.BIG_ENDIAN
            : ByteOrder.LITTLE_ENDIAN;
    this.buf = ByteBuffer.wrap(seed).order(order);
    try {
      if (seed.length >= PIPE_HEADER_SIZE && buf.getLong(8) == PIPE_HEADER_SIZE) {
        target("header.size", 8, 8, Kind.SIZE);
        records(PIPE_HEADER_SIZE, seed.length, true);
      } else if (seed.length >= FILE_HEADER_SIZE) {
        fileMode();
      }
    } catch (IndexOutOfBoundsException e) {
      // the seed ends inside a structure: the fields found so far are the targets
    }
    if (targets.isEmpty()) throw new IllegalArgumentException(name + ": no structure found");
  }

  /** The fields found (for a test that the mutator sees what it should). */
  List<Target> targets() {
    return List.copyOf(targets);
  }

  /** The file cut at {@code k}/64 of its length. */
  public Mutant truncation(int k) {
    int at = (int) ((long) seed.length * k / 64);
    return new Mutant(
        Arrays.copyOf(seed, at),
        name + " truncated at " + k + "/64 (" + at + " of " + seed.length + " bytes)");
  }

  /** One to three structural changes. */
  public Mutant mutate(SplittableRandom rnd) {
    byte[] b = seed.clone();
    ByteBuffer out = ByteBuffer.wrap(b).order(buf.order());
    StringBuilder what = new StringBuilder(name);
    int n = 1 + (rnd.nextInt(4) == 0 ? 1 + rnd.nextInt(2) : 0);
    for (int i = 0; i < n; i++) {
      Target t = targets.get(rnd.nextInt(targets.size()));
      what.append(i == 0 ? ": " : "; ").append(t.label()).append(" @0x");
      what.append(Integer.toHexString(t.offset())).append(" := ");
      what.append(apply(out, t, rnd));
    }
    return new Mutant(b, what.toString());
  }

  private String apply(ByteBuffer out, Target t, SplittableRandom rnd) {
    switch (t.kind()) {
      case DIGIT -> {
        byte[] choices = {'0', '1', '9', 'x', '-', ' ', 0, '\n'};
        byte c = choices[rnd.nextInt(choices.length)];
        out.put(t.offset(), c);
        return "'" + printable(c) + "'";
      }
      case NAME_BYTE -> {
        byte[] choices = {0, '\n', ':', ' ', 'X', (byte) 0xff};
        byte c = choices[rnd.nextInt(choices.length)];
        out.put(t.offset(), c);
        return "'" + printable(c) + "'";
      }
      default -> {
        long old = read(buf, t);
        long v = value(t.kind(), old, rnd);
        write(out, t, v);
        return "0x" + Long.toHexString(v) + " (was 0x" + Long.toHexString(old) + ")";
      }
    }
  }

  private long value(Kind kind, long old, SplittableRandom rnd) {
    long len = seed.length;
    return switch (kind) {
      case RECORD_SIZE -> new long[] {0, 1, 7, 0xffff, 8, old - 1, old + 1}[rnd.nextInt(7)];
      case FLAGS ->
          switch (rnd.nextInt(3)) {
            case 0 -> old ^ (1L << rnd.nextInt(64));
            case 1 -> 0;
            default -> -1;
          };
      case ID ->
          switch (rnd.nextInt(5)) {
            case 0 -> 0;
            case 1 -> old ^ 1;
            case 2 -> old + 1;
            case 3 -> -1;
            default -> rnd.nextLong();
          };
      default ->
          new long[] {
                0,
                1,
                old - 1,
                old + 1,
                old * 2,
                old / 2,
                0x7fffffffL,
                0xffffffffL,
                -1,
                1L << 32,
                len,
                len + 1,
                Long.MAX_VALUE,
                rnd.nextLong()
              }
              [rnd.nextInt(14)];
    };
  }

  private static long read(ByteBuffer b, Target t) {
    return switch (t.width()) {
      case 2 -> b.getShort(t.offset()) & 0xffffL;
      case 4 -> b.getInt(t.offset()) & 0xffffffffL;
      default -> b.getLong(t.offset());
    };
  }

  private static void write(ByteBuffer b, Target t, long v) {
    switch (t.width()) {
      case 2 -> b.putShort(t.offset(), (short) v);
      case 4 -> b.putInt(t.offset(), (int) v);
      default -> b.putLong(t.offset(), v);
    }
  }

  private static String printable(byte c) {
    return c >= 0x20 && c < 0x7f ? Character.toString(c) : String.format("\\x%02x", c & 0xff);
  }

  private void target(String label, int offset, int width, Kind kind) {
    if (offset >= 0 && offset + width <= seed.length)
      targets.add(new Target(label, offset, width, kind));
  }

  private void fileMode() {
    String[] header = {
      "magic",
      "size",
      "attr_size",
      "attrs.offset",
      "attrs.size",
      "data.offset",
      "data.size",
      "event_types.offset",
      "event_types.size"
    };
    for (int i = 1; i < header.length; i++) {
      Kind k = header[i].endsWith("offset") ? Kind.OFFSET : Kind.SIZE;
      target("header." + header[i], 8 * i, 8, k);
    }
    for (int w = 0; w < 4; w++) target("header.features[" + w + "]", 72 + 8 * w, 8, Kind.FLAGS);
    long entry = buf.getLong(16);
    long attrsOffset = buf.getLong(24);
    long attrsSize = buf.getLong(32);
    if (entry >= 80 && attrsSize / entry < 4096) {
      for (int i = 0; i < attrsSize / entry; i++) attr(i, (int) (attrsOffset + i * entry), entry);
    }
    long dataOffset = buf.getLong(40);
    long dataSize = buf.getLong(48);
    records((int) dataOffset, (int) Math.min(seed.length, dataOffset + dataSize), false);
    int table = (int) (dataOffset + dataSize);
    int slot = 0;
    for (int bit = 0; bit < 256; bit++) {
      if ((buf.getLong(72 + 8 * (bit / 64)) & (1L << (bit % 64))) == 0) continue;
      int at = table + 16 * slot++;
      target("section[" + bit + "].offset", at, 8, Kind.OFFSET);
      target("section[" + bit + "].size", at + 8, 8, Kind.SIZE);
      if (bit == FEATURE_TRACING_DATA && at + 16 <= seed.length) {
        long off = buf.getLong(at);
        long size = buf.getLong(at + 8);
        if (off > 0 && off + size <= seed.length) tracingData((int) off, (int) (off + size));
      }
    }
  }

  private void attr(int i, int at, long entry) {
    String p = "attr[" + i + "].";
    target(p + "type", at, 4, Kind.ID);
    target(p + "size", at + 4, 4, Kind.SIZE);
    target(p + "config", at + 8, 8, Kind.ID);
    target(p + "sample_type", at + 24, 8, Kind.FLAGS);
    target(p + "read_format", at + 32, 8, Kind.FLAGS);
    target(p + "flags", at + 40, 8, Kind.FLAGS);
    int ids = (int) (at + entry - 16);
    target(p + "ids.offset", ids, 8, Kind.OFFSET);
    target(p + "ids.size", ids + 8, 8, Kind.SIZE);
    long idsOffset = buf.getLong(ids);
    long idsSize = buf.getLong(ids + 8);
    for (int k = 0; k < Math.min(64, idsSize / 8); k++)
      target(p + "id[" + k + "]", (int) (idsOffset + 8 * k), 8, Kind.ID);
  }

  /** The data section's (or pipe's) records: their headers, and what some of them hold. */
  private void records(int from, int end, boolean pipe) {
    int at = from;
    int n = 0;
    while (at + 8 <= end) {
      int type = buf.getInt(at);
      int size = buf.getShort(at + 6) & 0xffff;
      if (size < 8) break;
      // every record's size, but only a sample of the many record headers of a big file
      if (n++ < 64 || n % 37 == 0) {
        target("record@0x" + Integer.toHexString(at) + ".size", at + 6, 2, Kind.RECORD_SIZE);
        target("record@0x" + Integer.toHexString(at) + ".type", at, 4, Kind.ID);
      }
      if (type == TYPE_ATTR && size >= 16) {
        target("ATTR record.attr.type", at + 8, 4, Kind.ID);
        target("ATTR record.attr.size", at + 12, 4, Kind.SIZE);
        target("ATTR record.attr.config", at + 16, 8, Kind.ID);
        target("ATTR record.attr.sample_type", at + 32, 8, Kind.FLAGS);
      }
      if (type == TYPE_TRACING_DATA && size >= 12) {
        target("TRACING_DATA record.size", at + 8, 4, Kind.SIZE);
        long len = buf.getInt(at + 8) & 0xffffffffL;
        // Linux perf's pipe record (16 bytes) is followed by the data; simpleperf's holds it
        boolean follows = pipe && size <= 16;
        int data = follows ? at + size : at + 12;
        if (data + len <= seed.length) tracingData(data, (int) (data + len));
        if (follows) {
          at += size + (int) ((len + 7) & ~7L);
          continue;
        }
      }
      if (type == TYPE_SIMPLEPERF_TRACING_DATA && size >= 12) {
        long len = buf.getInt(at + 8) & 0xffffffffL;
        target("SIMPLEPERF_TRACING_DATA record.size", at + 8, 4, Kind.SIZE);
        if (at + 12 + len <= end) tracingData(at + 12, (int) (at + 12 + len));
      }
      at += size;
    }
  }

  /** The tracing data blob: its sizes and counts, and the format texts' ids, names and numbers. */
  private void tracingData(int from, int end) {
    if (end - from < TRACING_MAGIC.length
        || !Arrays.equals(seed, from, from + TRACING_MAGIC.length, TRACING_MAGIC, 0, 10)) return;
    int p = from + TRACING_MAGIC.length;
    int nul = p;
    while (nul < end && seed[nul] != 0) nul++;
    target("tracing.version", p, 1, Kind.DIGIT);
    p = nul + 1;
    ByteOrder order = seed[p] != 0 ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
    ByteBuffer t = ByteBuffer.wrap(seed).order(order);
    target("tracing.long_size", p + 1, 1, Kind.NAME_BYTE);
    p += 2;
    target("tracing.page_size", p, 4, Kind.SIZE);
    p += 4;
    for (String file : List.of("header_page", "header_event")) {
      target("tracing." + file + " name", p, 1, Kind.NAME_BYTE);
      p += file.length() + 1;
      target("tracing." + file + ".size", p, 8, Kind.SIZE);
      p += 8 + (int) t.getLong(p);
    }
    target("tracing.ftrace count", p, 4, Kind.COUNT);
    int nFtrace = t.getInt(p);
    p += 4;
    for (int i = 0; i < nFtrace && p < end; i++) p = format("ftrace[" + i + "]", t, p);
    target("tracing.system count", p, 4, Kind.COUNT);
    int nSystems = t.getInt(p);
    p += 4;
    for (int s = 0; s < nSystems && p < end; s++) {
      int start = p;
      while (p < end && seed[p] != 0) p++;
      String system = new String(seed, start, p - start, StandardCharsets.ISO_8859_1);
      target("tracing." + system + " name", start, 1, Kind.NAME_BYTE);
      p++;
      target("tracing." + system + " event count", p, 4, Kind.COUNT);
      int nEvents = t.getInt(p);
      p += 4;
      for (int i = 0; i < nEvents && p < end; i++) p = format(system + "[" + i + "]", t, p);
    }
    target("tracing.kallsyms.size", p, 4, Kind.SIZE);
    p += 4 + t.getInt(p);
    target("tracing.printk.size", p, 4, Kind.SIZE);
    p += 4 + t.getInt(p);
    target("tracing.saved_cmdlines.size", p, 8, Kind.SIZE);
  }

  /** One format: its u64 size, and in its text the name, the ID and the field numbers. */
  private int format(String label, ByteBuffer t, int p) {
    target("tracing." + label + ".size", p, 8, Kind.SIZE);
    long size = t.getLong(p);
    int text = p + 8;
    int end = (int) Math.min(seed.length, text + size);
    String s = new String(seed, text, end - text, StandardCharsets.ISO_8859_1);
    mark(label + " name", s, text, "name: ", Kind.NAME_BYTE);
    mark(label + " ID", s, text, "ID: ", Kind.DIGIT);
    for (int f = s.indexOf("field:"); f >= 0; f = s.indexOf("field:", f + 1)) {
      int semi = s.indexOf(';', f);
      if (semi > 0) target("tracing." + label + " field name", text + semi - 1, 1, Kind.NAME_BYTE);
      int o = s.indexOf("offset:", f);
      if (o > 0) target("tracing." + label + " field offset", text + o + 7, 1, Kind.DIGIT);
      int z = s.indexOf("size:", f);
      if (z > 0) target("tracing." + label + " field size", text + z + 5, 1, Kind.DIGIT);
    }
    return end;
  }

  private void mark(String label, String text, int base, String key, Kind kind) {
    int i = text.indexOf(key);
    if (i < 0) return;
    int from = i + key.length();
    int to = text.indexOf('\n', from);
    if (to < 0) to = text.length();
    for (int k = from; k < to; k++) target("tracing." + label, base + k, 1, kind);
  }
}
