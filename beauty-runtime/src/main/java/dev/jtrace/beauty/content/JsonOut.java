package dev.jtrace.beauty.content;

/** The JSON spelling of {@link ValueOut}: objects, arrays, numbers as numbers, flags as lists. */
final class JsonOut implements ValueOut {
  private final JsonSink sink;

  JsonOut(JsonSink sink) {
    this.sink = sink;
  }

  @Override
  public boolean verbose() {
    return true;
  }

  @Override
  public void beginStruct() {
    sink.beginObject();
  }

  @Override
  public void endStruct() {
    sink.endObject();
  }

  @Override
  public void beginArray() {
    sink.beginArray();
  }

  @Override
  public void endArray() {
    sink.endArray();
  }

  @Override
  public void more() {}

  @Override
  public void field(String name) {
    sink.name(name);
  }

  @Override
  public void number(long value) {
    sink.number(value);
  }

  @Override
  public void unsigned(long value) {
    sink.unsignedNumber(value);
  }

  @Override
  public void symbol(String text, long value) {
    sink.number(value);
  }

  @Override
  public void flags(String text, long value) {
    sink.beginArray();
    int start = 0;
    if (!text.equals("0")) {
      for (int bar = text.indexOf('|'); ; bar = text.indexOf('|', start)) {
        sink.string(text.substring(start, bar < 0 ? text.length() : bar));
        if (bar < 0) {
          break;
        }
        start = bar + 1;
      }
    }
    sink.endArray();
  }

  @Override
  public void string(String byteText, boolean cut) {
    sink.string(byteText);
  }

  @Override
  public void text(String text, String json) {
    sink.string(json);
  }

  @Override
  public void pointer(long address) {
    if (address == 0) {
      sink.nullValue();
    } else {
      sink.unsignedNumber(address);
    }
  }

  @Override
  public void uncopied(long address, boolean lost) {
    sink.beginObject();
    sink.name("address");
    sink.unsignedNumber(address);
    sink.name(lost ? "lost" : "unreadable");
    sink.bool(true);
    sink.endObject();
  }
}
