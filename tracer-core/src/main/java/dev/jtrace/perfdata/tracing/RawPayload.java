package dev.jtrace.perfdata.tracing;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * A tracepoint's raw payload with its format: fields are read on demand, nothing is decoded up
 * front. Reads outside the payload give 0 or an empty string (a short payload is the file's fault,
 * not a crash).
 */
public record RawPayload(TracepointFormat format, byte[] data, ByteOrder order) {

  /**
   * The field's value as a long (sign-extended when the field is signed), element {@code index} of
   * an array.
   */
  public long number(FieldFormat f, int index) {
    int elem = f.elementSize();
    int off = f.offset() + index * elem;
    if (f.dataLoc()) {
      return 0;
    }
    return read(off, elem, f.signed());
  }

  /** The value of a named scalar field, or 0 when there is no such field. */
  public long number(String field) {
    FieldFormat f = format.field(field);
    return f == null ? 0 : number(f, 0);
  }

  /** A string field ({@code char comm[16]} or {@code __data_loc char[]}), up to the first NUL. */
  public String string(FieldFormat f) {
    int off = arrayOffset(f);
    int end = stringEnd(f, off);
    return off >= end ? "" : new String(data, off, end - off, StandardCharsets.ISO_8859_1);
  }

  /** Appends {@link #string} without allocating. */
  public void appendString(StringBuilder sb, FieldFormat f) {
    int off = arrayOffset(f);
    int end = stringEnd(f, off);
    for (int i = off; i < end; i++) sb.append((char) (data[i] & 0xff));
  }

  private int stringEnd(FieldFormat f, int off) {
    int len = arrayLength(f);
    if (off < 0 || len <= 0 || off >= data.length) return off;
    int end = Math.min(data.length, off + len);
    int nul = off;
    while (nul < end && data[nul] != 0) nul++;
    return nul;
  }

  /**
   * Where an array field's bytes start: its offset, or for {@code __data_loc} the offset the u32
   * holds (for {@code __rel_loc} counted from the end of the field).
   */
  public int arrayOffset(FieldFormat f) {
    if (!f.dataLoc()) return f.offset();
    int off = (int) (read(f.offset(), 4, false) & 0xffff);
    if (f.declaration().startsWith("__rel_loc")) off += f.offset() + f.size();
    return off;
  }

  /** An array field's length in bytes: its size, or for {@code __data_loc} the u32's upper half. */
  public int arrayLength(FieldFormat f) {
    if (!f.dataLoc()) return f.size();
    return (int) ((read(f.offset(), 4, false) >>> 16) & 0xffff);
  }

  /** The byte at {@code off} (unsigned), 0 outside the payload. */
  public int byteAt(int off) {
    return off < 0 || off >= data.length ? 0 : data[off] & 0xff;
  }

  /** An unsigned or signed integer of 1, 2, 4 or 8 bytes at off in the file's byte order. */
  public long read(int off, int size, boolean signed) {
    if (off < 0 || size <= 0 || off + size > data.length) return 0;
    long v = 0;
    if (order == ByteOrder.LITTLE_ENDIAN) {
      for (int i = size - 1; i >= 0; i--) v = (v << 8) | (data[off + i] & 0xff);
    } else {
      for (int i = 0; i < size; i++) v = (v << 8) | (data[off + i] & 0xff);
    }
    if (signed && size < 8) {
      int shift = 64 - size * 8;
      v = (v << shift) >> shift;
    }
    return v;
  }

  /** The payload rendered by its print fmt, as perf script prints it (or {@code field=value …}). */
  public String render() {
    StringBuilder sb = new StringBuilder();
    appendRendered(sb);
    return sb.toString();
  }

  /** As {@link #render}, kernel addresses ({@code %pS}) named from the host's kallsyms. */
  public void appendRendered(StringBuilder sb) {
    appendRendered(sb, Kallsyms.host());
  }

  /** As {@link #render}, kernel addresses named by {@code symbols} (null: printed in hex). */
  public void appendRendered(StringBuilder sb, Kallsyms symbols) {
    PrintFormat pf = format.printFormat();
    if (pf != null) {
      pf.append(sb, this, symbols);
    } else {
      appendFields(sb);
    }
  }

  /** {@code name=value} for every non-common field: numbers in decimal, pointers in hex. */
  public void appendFields(StringBuilder sb) {
    String sep = "";
    for (FieldFormat f : format.fields()) {
      if (f.common()) continue;
      sb.append(sep).append(f.name()).append('=');
      sep = " ";
      appendValue(sb, f);
    }
  }

  /** One field's value in the fallback rendering. */
  public void appendValue(StringBuilder sb, FieldFormat f) {
    if (f.isString()) {
      sb.append(string(f));
    } else if (f.isArray()) {
      int n = f.arrayLength() > 0 ? f.arrayLength() : 0;
      sb.append('[');
      for (int i = 0; i < n; i++) {
        if (i > 0) sb.append(',');
        sb.append("0x").append(Long.toHexString(number(f, i)));
      }
      sb.append(']');
    } else if (f.isPointer()) {
      sb.append("0x").append(Long.toHexString(number(f, 0)));
    } else {
      long v = number(f, 0);
      sb.append(f.signed() || f.size() == 8 ? Long.toString(v) : Long.toUnsignedString(v));
    }
  }
}
