package dev.jtrace.perfdata.tracing;

/**
 * One {@code field:} line of a tracepoint format: its C declaration, name, place in the raw payload
 * and how to read it. An array field has {@code arrayLength > 0} (or {@code -1} when the length is
 * not a number); a {@code __data_loc} field holds a u32 (offset | length << 16) pointing into the
 * payload.
 */
public record FieldFormat(
    String declaration,
    String name,
    int offset,
    int size,
    boolean signed,
    boolean common,
    int arrayLength,
    boolean dataLoc,
    boolean isString) {

  /** The size of one element: the whole size for scalars. */
  public int elementSize() {
    return arrayLength > 0 ? size / arrayLength : size;
  }

  public boolean isArray() {
    return arrayLength != 0;
  }

  /** Whether the C type is a pointer (printed in hex by the fallback rendering). */
  public boolean isPointer() {
    return declaration.contains("*");
  }
}
