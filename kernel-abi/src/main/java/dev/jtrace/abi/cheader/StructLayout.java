package dev.jtrace.abi.cheader;

import java.util.List;

/**
 * GCC's struct and union layout for x86_64 (System V): natural alignment, packed and aligned(n),
 * bit-fields that never straddle their unit. Kept apart from the parser, which only collects the
 * members.
 */
final class StructLayout {
  /**
   * A struct member: its type (null when it has no size here), bit-field width or -1, its
   * aligned(n) attribute or 0, its own packed attribute, and whether it has a name (unnamed
   * bit-fields do not align).
   */
  record Member(CType type, long bits, long aligned, boolean packed, boolean named) {}

  private StructLayout() {}

  /**
   * The size and alignment of a struct (or union) of these members, with its own packed and
   * aligned(n).
   */
  static CType of(boolean union, List<Member> members, boolean packed, long alignedAttr) {
    long bitOffset = 0;
    long sizeBits = 0;
    long maxAlign = 1;
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
        }
        if (union) {
          sizeBits = Math.max(sizeBits, m.bits());
        } else {
          bitOffset = start + m.bits();
        }
        continue;
      }
      maxAlign = Math.max(maxAlign, align);
      if (union) {
        sizeBits = Math.max(sizeBits, t.size() * 8);
      } else {
        bitOffset = roundUp(bitOffset, align * 8) + t.size() * 8;
      }
    }
    if (alignedAttr > 0) {
      maxAlign = Math.max(maxAlign, alignedAttr);
    }
    long bytes = ((union ? sizeBits : bitOffset) + 7) / 8;
    return new CType(roundUp(bytes, maxAlign), maxAlign, false, false, false);
  }

  private static long roundUp(long v, long a) {
    return a <= 1 ? v : (v + a - 1) / a * a;
  }
}
