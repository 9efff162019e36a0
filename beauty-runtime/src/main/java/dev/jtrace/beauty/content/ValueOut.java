package dev.jtrace.beauty.content;

/**
 * What the decoders write a value through: one walk of the bytes serves strace's text ({@link
 * TextOut}) and JSON ({@link JsonOut}).
 */
interface ValueOut {
  /** Whether every field is wanted (JSON), not strace's abbreviation of big structs (text). */
  boolean verbose();

  void beginStruct();

  void endStruct();

  void beginArray();

  void endArray();

  /** Text: {@code , ...} (more fields or elements than shown); JSON: nothing. */
  void more();

  void field(String name);

  void number(long value);

  void unsigned(long value);

  /** Text: {@code text} ({@code htons(80)}, {@code SIGINT}, {@code 0644}); JSON: the number. */
  void symbol(String text, long value);

  /** Text: {@code A|B}; JSON: a list of the names, a remainder as its {@code 0x…} text. */
  void flags(String text, long value);

  /** A byte string: text quoted and escaped, {@code ...} when cut; JSON a string. */
  void string(String byteText, boolean cut);

  /** Text: {@code text} ({@code inet_addr("1.2.3.4")}); JSON: the string {@code json}. */
  void text(String text, String json);

  /** An address: text {@code 0x…} or {@code NULL}; JSON the number or null. */
  void pointer(long address);

  /**
   * Memory that was not copied: text {@code 0x… (unreadable)} or {@code 0x… (lost)}; JSON {@code
   * {"address": N, "unreadable": true}} or {@code "lost"}.
   */
  void uncopied(long address, boolean lost);
}
