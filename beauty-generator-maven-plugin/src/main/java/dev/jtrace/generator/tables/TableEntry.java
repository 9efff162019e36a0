package dev.jtrace.generator.tables;

/**
 * One selected name.
 *
 * @param value its number
 * @param name the printed name (prefix stripped)
 * @param description errno descriptions; empty elsewhere
 */
public record TableEntry(long value, String name, String description) {
  public TableEntry(long value, String name) {
    this(value, name, "");
  }
}
