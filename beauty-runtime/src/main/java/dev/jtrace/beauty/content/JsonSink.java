package dev.jtrace.beauty.content;

/**
 * Where {@link ContentRenderer} writes an argument's contents as JSON: a stream of events, so that
 * the tracer's JSON printer writes them straight into its line (no value tree per event). Strings
 * are {@link dev.jtrace.beauty.ByteText} byte strings (one char per byte): a sink writes chars from
 * U+0080 to U+00FF as a {@code u00XX} escape so the bytes are recoverable.
 */
public interface JsonSink {
  void beginObject();

  void endObject();

  void beginArray();

  void endArray();

  /** The next member's name inside an object. */
  void name(String name);

  void number(long value);

  /** A 64-bit unsigned value (sizes, addresses): non-negative in JSON whatever its top bit. */
  void unsignedNumber(long value);

  /** A byte string. */
  void string(String byteText);

  void nullValue();

  void bool(boolean value);
}
