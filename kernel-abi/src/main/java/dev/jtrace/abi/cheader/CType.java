package dev.jtrace.abi.cheader;

import dev.jtrace.abi.model.StructMember;
import java.util.List;

/**
 * A type's layout in one data model (LP64 x86_64 unless a {@link DataModel} says otherwise).
 *
 * @param size in bytes; 0 for a flexible array or an empty GNU struct
 * @param align in bytes
 * @param integer it converts to an integer (for casts in expressions)
 * @param unsigned signedness when integer
 * @param flexible an array without length ({@code []})
 * @param word the type word of {@link StructMember#type()}
 * @param members a struct's or union's members (flattened as {@link StructMember} says), else empty
 */
public record CType(
    long size,
    long align,
    boolean integer,
    boolean unsigned,
    boolean flexible,
    String word,
    List<StructMember> members) {
  public CType {
    members = List.copyOf(members);
  }

  public static CType integer(long size, boolean unsigned) {
    return new CType(size, size, true, unsigned, false, (unsigned ? "u" : "s") + size, List.of());
  }

  /** A non-integer scalar or an opaque type: floating point, void. */
  static CType opaque(long size, long align, String word) {
    return new CType(size, align, false, false, false, word, List.of());
  }

  public CType aligned(long newAlign) {
    return new CType(size, newAlign, integer, unsigned, flexible, word, members);
  }

  public CType array(long length) {
    return new CType(
        size * length, align, false, false, false, elementWord() + "[" + length + "]", List.of());
  }

  public CType flexibleArray() {
    return new CType(0, align, false, false, true, elementWord() + "[]", List.of());
  }

  /**
   * A tagged struct's word names the tag; an untagged one's members cannot be named in an array.
   */
  private String elementWord() {
    return word == null ? "?" : word;
  }
}
