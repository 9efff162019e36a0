package dev.jtrace.dwarf;

import dev.jtrace.elf.ElfException;
import dev.jtrace.elf.ElfFile;
import dev.jtrace.elf.ElfSection;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The DWARF sections the inline reader uses, uncompressed, in the file's byte order; a missing one
 * is empty (a read from it is malformed DWARF).
 */
record DebugSections(
    ByteBuffer info,
    ByteBuffer abbrev,
    ByteBuffer str,
    ByteBuffer strOffsets,
    ByteBuffer addr,
    ByteBuffer rnglists,
    ByteBuffer ranges,
    ByteBuffer lineStr) {

  /** The sections of this ELF file, or null when it has no {@code .debug_info}. */
  static DebugSections of(ElfFile elf) throws ElfException {
    ElfSection info = elf.section(".debug_info");
    if (info == null || info.type() == ElfSection.SHT_NOBITS || info.size() == 0) {
      return null;
    }
    return new DebugSections(
        elf.data(info),
        section(elf, ".debug_abbrev"),
        section(elf, ".debug_str"),
        section(elf, ".debug_str_offsets"),
        section(elf, ".debug_addr"),
        section(elf, ".debug_rnglists"),
        section(elf, ".debug_ranges"),
        section(elf, ".debug_line_str"));
  }

  private static ByteBuffer section(ElfFile elf, String name) throws ElfException {
    ElfSection s = elf.section(name);
    return s == null ? ByteBuffer.allocate(0).order(elf.order()) : elf.data(s);
  }

  ByteOrder order() {
    return info.order();
  }
}
