package dev.jtrace.abi.model;

import java.util.List;

/**
 * Everything the snapshot keeps of one header file.
 *
 * @param path the header's path inside the kernel tree, e.g. {@code include/uapi/linux/prctl.h}
 * @param includes tree paths of the headers it includes, as resolved for its arch, in order
 * @param defines object-like macros in definition order, at most one per name
 * @param ioctlMacros function-like macros that are ioctl commands with a size argument, in
 *     definition order
 * @param enums enumerators in declaration order
 * @param structs struct and union sizes
 * @param errnos errno constants with their descriptions (only errno headers have them)
 */
public record HeaderFacts(
    String path,
    List<String> includes,
    List<Define> defines,
    List<IoctlMacro> ioctlMacros,
    List<EnumConstant> enums,
    List<StructSize> structs,
    List<ErrnoFact> errnos) {
  public HeaderFacts {
    includes = List.copyOf(includes);
    defines = List.copyOf(defines);
    ioctlMacros = List.copyOf(ioctlMacros);
    enums = List.copyOf(enums);
    structs = List.copyOf(structs);
    errnos = List.copyOf(errnos);
  }
}
