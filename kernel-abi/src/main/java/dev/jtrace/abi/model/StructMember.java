package dev.jtrace.abi.model;

/**
 * One member of a laid-out struct or union. Members of an untagged nested struct or union are
 * flattened into their parent: named ones as {@code outer.inner}, anonymous ones under their own
 * names, each at its offset from the start of the outermost struct.
 *
 * @param name as in the header, dotted when flattened
 * @param offset in bytes from the start of the struct (for a bit-field: of its storage unit)
 * @param size in bytes (0 for a flexible array)
 * @param type the type word: {@code s1 s2 s4 s8 s16} / {@code u1 …} integers of that many bytes,
 *     {@code char} (plain char, signedness per arch), {@code f4 f8 f16} floating point, {@code ptr}
 *     a data or function pointer, {@code struct TAG} / {@code union TAG} a nested tagged type laid
 *     out on its own, {@code T[N]} an array of N (a flexible one {@code T[]}), {@code ?} a type
 *     without a word (an untagged aggregate inside an array); a bit-field is {@code
 *     UNIT:START:WIDTH}, e.g. {@code u4:3:2} (bits 3-4 of the u4 at the offset)
 */
public record StructMember(String name, long offset, long size, String type) {}
