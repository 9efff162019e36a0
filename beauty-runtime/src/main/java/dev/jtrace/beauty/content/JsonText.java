package dev.jtrace.beauty.content;

/**
 * A {@link JsonSink} that appends compact JSON text to a builder (what a JSON line printer, or a
 * test, wants).
 */
public final class JsonText implements JsonSink {
  private final StringBuilder out;

  private final Separators separators = new Separators();
  private boolean afterName;

  public JsonText(StringBuilder out) {
    this.out = out;
  }

  private void value() {
    if (afterName) {
      afterName = false;
      return;
    }
    if (separators.next()) {
      out.append(',');
    }
  }

  private void open(char c) {
    value();
    out.append(c);
    separators.open();
  }

  @Override
  public void beginObject() {
    open('{');
  }

  @Override
  public void endObject() {
    separators.close();
    out.append('}');
  }

  @Override
  public void beginArray() {
    open('[');
  }

  @Override
  public void endArray() {
    separators.close();
    out.append(']');
  }

  @Override
  public void name(String name) {
    value();
    quote(name);
    out.append(':');
    afterName = true;
  }

  @Override
  public void number(long value) {
    value();
    out.append(value);
  }

  @Override
  public void unsignedNumber(long value) {
    value();
    out.append(Long.toUnsignedString(value));
  }

  @Override
  public void string(String byteText) {
    value();
    quote(byteText);
  }

  @Override
  public void nullValue() {
    value();
    out.append("null");
  }

  @Override
  public void bool(boolean value) {
    value();
    out.append(value);
  }

  private void quote(String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\t' -> out.append("\\t");
        case '\r' -> out.append("\\r");
        default -> {
          if (c < 0x20 || c >= 0x7f) {
            out.append("\\u00").append(Character.forDigit(c >> 4 & 0xf, 16));
            out.append(Character.forDigit(c & 0xf, 16));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
