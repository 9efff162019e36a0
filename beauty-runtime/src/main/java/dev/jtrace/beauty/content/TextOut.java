package dev.jtrace.beauty.content;

import dev.jtrace.beauty.ByteText;

/** strace's spelling: {@code {name=value, ...}}, {@code [a, b]}. */
final class TextOut implements ValueOut {
  private final StringBuilder out;

  private final Separators separators = new Separators();
  private boolean afterField;

  TextOut(StringBuilder out) {
    this.out = out;
  }

  private void separate() {
    if (afterField) {
      afterField = false;
      return;
    }
    if (separators.next()) {
      out.append(", ");
    }
  }

  private void open(char c) {
    separate();
    out.append(c);
    separators.open();
  }

  @Override
  public boolean verbose() {
    return false;
  }

  @Override
  public void beginStruct() {
    open('{');
  }

  @Override
  public void endStruct() {
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
  public void more() {
    separate();
    out.append("...");
  }

  @Override
  public void field(String name) {
    separate();
    out.append(name).append('=');
    afterField = true;
  }

  @Override
  public void number(long value) {
    separate();
    out.append(value);
  }

  @Override
  public void unsigned(long value) {
    separate();
    out.append(Long.toUnsignedString(value));
  }

  @Override
  public void symbol(String text, long value) {
    separate();
    out.append(text);
  }

  @Override
  public void flags(String text, long value) {
    separate();
    out.append(text);
  }

  @Override
  public void string(String byteText, boolean cut) {
    separate();
    ByteText.appendQuoted(out, byteText);
    if (cut) {
      out.append("...");
    }
  }

  @Override
  public void text(String text, String json) {
    separate();
    out.append(text);
  }

  @Override
  public void pointer(long address) {
    separate();
    if (address == 0) {
      out.append("NULL");
    } else {
      out.append("0x").append(Long.toHexString(address));
    }
  }

  @Override
  public void uncopied(long address, boolean lost) {
    separate();
    out.append("0x").append(Long.toHexString(address)).append(lost ? " (lost)" : " (unreadable)");
  }
}
