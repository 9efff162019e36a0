package dev.jtrace.abi.cheader;

import dev.jtrace.abi.model.StructMember;
import java.util.ArrayList;
import java.util.List;

/**
 * GCC's struct and union layout (System V): natural alignment in the unit's {@link DataModel},
 * packed and aligned(n), bit-fields that never straddle their unit. Kept apart from the parser,
 * which only collects the members.
 */
final class StructLayout {
  /**
   * A struct member: its type (null when it has no size here), bit-field width or -1, its
   * aligned(n) attribute or 0, its own packed attribute, and its name (null for an anonymous struct
   * or union and for unnamed bit-fields, which do not align).
   */
  record Member(CType type, long bits, long aligned, boolean packed, String name) {
    boolean named() {
      return name != null;
    }
  }

  private StructLayout() {}

  /**
   * The size, alignment and members of a struct (or union) of these members, with its own packed
   * and aligned(n); its word is null until a tag names it.
   */
  static CType of(boolean union, List<Member> members, boolean packed, long alignedAttr) {
    long bitOffset = 0;
    long sizeBits = 0;
    long maxAlign = 1;
    List<StructMember> laid = new ArrayList<>();
    for (Member m : members) {
      CType t = m.type();
      boolean memberPacked = packed || m.packed();
      long align = memberPacked ? 1 : t.align();
      if (m.aligned() > 0) {
        align = Math.max(align, m.aligned());
      }
      if (m.bits() >= 0) {
        long unit = t.size() * 8;
        if (m.bits() == 0) {
          bitOffset = roundUp(bitOffset, t.align() * 8);
          continue;
        }
        long start = union ? 0 : bitOffset;
        if (!memberPacked && unit > 0 && start / unit != (start + m.bits() - 1) / unit) {
          start = roundUp(start, t.align() * 8);
        }
        if (m.named()) {
          maxAlign = Math.max(maxAlign, align);
          long unitStart = unit > 0 ? start / unit * unit : start / 8 * 8;
          laid.add(
              new StructMember(
                  m.name(),
                  unitStart / 8,
                  t.size(),
                  t.word() + ":" + (start - unitStart) + ":" + m.bits()));
        }
        if (union) {
          sizeBits = Math.max(sizeBits, m.bits());
        } else {
          bitOffset = start + m.bits();
        }
        continue;
      }
      maxAlign = Math.max(maxAlign, align);
      long offset = union ? 0 : roundUp(bitOffset, align * 8) / 8;
      if (union) {
        sizeBits = Math.max(sizeBits, t.size() * 8);
      } else {
        bitOffset = offset * 8 + t.size() * 8;
      }
      addMember(laid, m.name(), offset, t);
    }
    if (alignedAttr > 0) {
      maxAlign = Math.max(maxAlign, alignedAttr);
    }
    long bytes = ((union ? sizeBits : bitOffset) + 7) / 8;
    return new CType(roundUp(bytes, maxAlign), maxAlign, false, false, false, null, laid);
  }

  /** A member, or an untagged aggregate's members flattened (named: {@code outer.inner}). */
  private static void addMember(List<StructMember> out, String name, long offset, CType t) {
    if (t.word() != null || t.members().isEmpty()) {
      if (name != null) {
        out.add(new StructMember(name, offset, t.size(), t.word() == null ? "?" : t.word()));
      }
      return;
    }
    for (StructMember inner : t.members()) {
      out.add(
          new StructMember(
              name == null ? inner.name() : name + "." + inner.name(),
              offset + inner.offset(),
              inner.size(),
              inner.type()));
    }
  }

  private static long roundUp(long v, long a) {
    return a <= 1 ? v : (v + a - 1) / a * a;
  }
}
