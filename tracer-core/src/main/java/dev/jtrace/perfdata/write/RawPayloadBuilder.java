package dev.jtrace.perfdata.write;

import dev.jtrace.perfdata.tracing.FieldFormat;
import dev.jtrace.perfdata.tracing.TracepointFormat;
import java.nio.ByteOrder;

/**
 * Builds a tracepoint's raw payload from field values, laid out by the event's format in a chosen
 * byte order ({@code common_type} is set to the event id).
 */
public final class RawPayloadBuilder {
  private final TracepointFormat format;
  private final ByteOrder order;
  private final byte[] data;

  public RawPayloadBuilder(TracepointFormat format, ByteOrder order) {
    this.format = format;
    this.order = order;
    int size = 0;
    for (FieldFormat f : format.fields()) size = Math.max(size, f.offset() + f.size());
    this.data = new byte[size];
    set("common_type", format.id());
  }

  /** Sets a scalar field (unknown names are ignored: formats differ slightly between kernels). */
  public RawPayloadBuilder set(String field, long value) {
    return set(field, 0, value);
  }

  /** Sets element {@code index} of an array field. */
  public RawPayloadBuilder set(String field, int index, long value) {
    FieldFormat f = format.field(field);
    if (f == null) return this;
    int size = f.elementSize();
    int off = f.offset() + index * size;
    if (off + size > data.length || size > 8) return this;
    for (int i = 0; i < size; i++) {
      int shift = order == ByteOrder.LITTLE_ENDIAN ? 8 * i : 8 * (size - 1 - i);
      data[off + i] = (byte) (value >>> shift);
    }
    return this;
  }

  public byte[] bytes() {
    return data.clone();
  }
}
