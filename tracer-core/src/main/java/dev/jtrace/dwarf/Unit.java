package dev.jtrace.dwarf;

/**
 * One unit of {@code .debug_info}: where its DIEs are, how its values are encoded, and the bases
 * its compile-unit DIE gives for indexed strings, addresses and range lists.
 *
 * @param offset the unit header's offset in .debug_info
 * @param end the offset just past the unit
 * @param diesStart the first DIE's offset
 * @param lowPc the unit's DW_AT_low_pc: the base address of its range lists
 */
record Unit(
    long offset,
    long end,
    long diesStart,
    int version,
    int addressSize,
    boolean dwarf64,
    long abbrevOffset,
    long strOffsetsBase,
    long addrBase,
    long rnglistsBase,
    long lowPc) {

  int offsetSize() {
    return dwarf64 ? 8 : 4;
  }
}
