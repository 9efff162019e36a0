/**
 * What the DWARF debug information says about inlining: for an address of a binary, the functions
 * inlined there, innermost first, and the function holding them ({@link
 * dev.jtrace.dwarf.InlineInfo}), read from {@code .debug_info} (DWARF 2 to 5: {@code
 * .debug_abbrev}, {@code .debug_str}, {@code .debug_str_offsets}, {@code .debug_addr}, {@code
 * .debug_rnglists}/{@code .debug_ranges}, {@code .debug_line_str}) of the binary or its separate
 * debug file. A compilation unit is parsed on the first address looked up in it; lookups after that
 * allocate nothing. Malformed DWARF turns the binary's inline information off, never fails a trace.
 */
package dev.jtrace.dwarf;
