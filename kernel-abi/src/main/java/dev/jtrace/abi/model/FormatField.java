package dev.jtrace.abi.model;

/**
 * One field of a tracefs event format.
 *
 * @param type the C type as written, attributes such as {@code btf_type_tag} removed, white space
 *     folded
 * @param name the field name
 * @param arrayLength the array length, 0 when not an array, -1 for {@code []}
 * @param dataLoc true for {@code __data_loc} (offset/length packed in a u32)
 * @param common true for the {@code common_*} header fields
 */
public record FormatField(
    String type,
    String name,
    int arrayLength,
    boolean dataLoc,
    int offset,
    int size,
    boolean signed,
    boolean common) {}
