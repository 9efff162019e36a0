package dev.jtrace.beauty.content;

import java.util.List;

/**
 * A struct or union as the traced arch lays it out: the generated {@code StructLayouts} holds one
 * per struct the contents use, from the snapshot's {@code layouts/<arch>.facts}.
 *
 * @param key {@code struct TAG} or {@code union TAG}
 * @param size {@code sizeof}
 * @param fields in declaration order, untagged nested aggregates flattened ({@code outer.inner})
 */
public record Layout(String key, int size, List<Field> fields) {
  public Layout {
    fields = List.copyOf(fields);
  }

  /**
   * One member.
   *
   * @param type the snapshot's type word: {@code s4}, {@code u8}, {@code char}, {@code ptr}, {@code
   *     struct TAG}, {@code T[N]}, a bit-field {@code u4:START:WIDTH}
   */
  public record Field(String name, int offset, int size, String type) {
    /** Whether the type word is a signed integer ({@code s1} … {@code s16}). */
    public boolean signed() {
      return type.startsWith("s") && !type.startsWith("struct");
    }

    /** The element type word of an array, or null when this is no array. */
    public String elementType() {
      int bracket = type.indexOf('[');
      return bracket < 0 ? null : type.substring(0, bracket);
    }
  }

  /** The field of that name, or null. */
  public Field field(String name) {
    for (Field f : fields) {
      if (f.name().equals(name)) {
        return f;
      }
    }
    return null;
  }
}
