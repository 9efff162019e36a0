package dev.jtrace.abi.model;

import java.util.List;

/**
 * A struct or union as one arch's compiler lays it out.
 *
 * @param kind {@code struct} or {@code union}
 * @param name the tag
 * @param size {@code sizeof}
 * @param align {@code _Alignof}
 * @param file the tree path of the header that declares it
 * @param members in declaration order, untagged nested aggregates flattened ({@link StructMember})
 */
public record StructLayoutFact(
    String kind, String name, long size, long align, String file, List<StructMember> members) {
  public StructLayoutFact {
    members = List.copyOf(members);
  }

  /** {@code struct stat}, the key it is known by. */
  public String key() {
    return kind + " " + name;
  }
}
