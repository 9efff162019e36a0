package dev.jtrace.elf;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * One ELF file, its headers read and checked at open; sections, symbols and notes are read on
 * demand. Every offset the file gives is checked against its size, so a damaged file fails with an
 * {@link ElfException} naming the file and the offset of the bad structure.
 */
public final class ElfFile {
  /** e_machine values of the arches jtrace knows. */
  public static final int EM_386 = 3;

  public static final int EM_X86_64 = 62;
  public static final int EM_AARCH64 = 183;
  public static final int EM_BPF = 247;

  /** e_type of a shared object or a position-independent executable. */
  public static final int ET_DYN = 3;

  private static final int SHN_XINDEX = 0xffff;
  private static final int ELFCOMPRESS_ZLIB = 1;

  private final String name;
  private final ByteBuffer bytes;
  private final boolean is64;
  private final int type;
  private final int machine;
  private final long entry;
  private final List<ElfSection> sections;
  private final List<ElfSegment> segments;

  private ElfFile(String name, ByteBuffer bytes) throws ElfException {
    this.name = name;
    this.bytes = bytes;
    if (bytes.limit() < 16
        || bytes.get(0) != 0x7f
        || bytes.get(1) != 'E'
        || bytes.get(2) != 'L'
        || bytes.get(3) != 'F') {
      throw error(0, "not an ELF file (no \\x7fELF magic)");
    }
    int elfClass = bytes.get(4);
    if (elfClass != 1 && elfClass != 2) {
      throw error(4, "ELF class " + elfClass + ", expected 1 (32-bit) or 2 (64-bit)");
    }
    is64 = elfClass == 2;
    int data = bytes.get(5);
    if (data != 1 && data != 2) {
      throw error(5, "ELF data encoding " + data + ", expected 1 (LSB) or 2 (MSB)");
    }
    bytes.order(data == 1 ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
    need(0, is64 ? 64 : 52, "file header");
    type = u16(16);
    machine = u16(18);
    entry = is64 ? bytes.getLong(24) : u32(24);
    long phoff = is64 ? bytes.getLong(32) : u32(28);
    long shoff = is64 ? bytes.getLong(40) : u32(32);
    int at = is64 ? 54 : 42;
    int phentsize = u16(at);
    int phnum = u16(at + 2);
    int shentsize = u16(at + 4);
    int shnum = u16(at + 6);
    int shstrndx = u16(at + 8);
    segments = readSegments(phoff, phentsize, phnum);
    sections = readSections(shoff, shentsize, shnum, shstrndx);
  }

  /** Maps and reads the file at this path. */
  public static ElfFile open(Path path) throws IOException, ElfException {
    try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
      long size = ch.size();
      if (size > Integer.MAX_VALUE) {
        throw new ElfException(path.toString(), 0, "file of " + size + " bytes is too large");
      }
      return new ElfFile(path.toString(), ch.map(FileChannel.MapMode.READ_ONLY, 0, size));
    }
  }

  /** Reads an ELF image held in memory; {@code name} names it in errors. */
  public static ElfFile parse(String name, byte[] image) throws ElfException {
    return new ElfFile(name, ByteBuffer.wrap(image));
  }

  public String name() {
    return name;
  }

  public boolean is64() {
    return is64;
  }

  public ByteOrder order() {
    return bytes.order();
  }

  /** e_type: ET_EXEC (2), ET_DYN (3), ET_REL (1), ... */
  public int type() {
    return type;
  }

  public int machine() {
    return machine;
  }

  public long entry() {
    return entry;
  }

  public List<ElfSection> sections() {
    return sections;
  }

  public List<ElfSegment> segments() {
    return segments;
  }

  /** The first section of this name, or null. */
  public ElfSection section(String sectionName) {
    for (ElfSection s : sections) {
      if (s.name().equals(sectionName)) {
        return s;
      }
    }
    return null;
  }

  /**
   * A section's bytes (uncompressed when SHF_COMPRESSED with zlib), as a read-only buffer in the
   * file's byte order; empty for SHT_NOBITS.
   */
  public ByteBuffer data(ElfSection s) throws ElfException {
    if (s.type() == ElfSection.SHT_NOBITS) {
      return ByteBuffer.allocate(0).order(bytes.order());
    }
    need(s.offset(), s.size(), "section " + s.name());
    ByteBuffer b =
        bytes.slice((int) s.offset(), (int) s.size()).order(bytes.order()).asReadOnlyBuffer();
    b.order(bytes.order());
    return (s.flags() & ElfSection.SHF_COMPRESSED) != 0 ? uncompress(s, b) : b;
  }

  /** A section's bytes as an array (see {@link #data}). */
  public byte[] bytes(ElfSection s) throws ElfException {
    ByteBuffer b = data(s);
    byte[] out = new byte[b.remaining()];
    b.get(out);
    return out;
  }

  /** The symbols of a symbol table section (SHT_SYMTAB or SHT_DYNSYM); entry 0 left out. */
  public List<ElfSymbol> symbols(ElfSection table) throws ElfException {
    int entSize = is64 ? 24 : 16;
    if (table.entsize() != 0 && table.entsize() < entSize) {
      throw error(table.offset(), "symbol entry size " + table.entsize() + " in " + table.name());
    }
    long step = table.entsize() == 0 ? entSize : table.entsize();
    ElfSection strtab = linked(table);
    need(table.offset(), table.size(), "symbol table " + table.name());
    long n = table.size() / step;
    List<ElfSymbol> out = new ArrayList<>((int) Math.min(n, 1 << 20));
    for (long i = 1; i < n; i++) {
      int p = (int) (table.offset() + i * step);
      long nameOff = u32(p);
      int info;
      int other;
      int shndx;
      long value;
      long size;
      if (is64) {
        info = bytes.get(p + 4) & 0xff;
        other = bytes.get(p + 5) & 0xff;
        shndx = u16(p + 6);
        value = bytes.getLong(p + 8);
        size = bytes.getLong(p + 16);
      } else {
        value = u32(p + 4);
        size = u32(p + 8);
        info = bytes.get(p + 12) & 0xff;
        other = bytes.get(p + 13) & 0xff;
        shndx = u16(p + 14);
      }
      String symName = strtab == null ? "" : string(strtab, nameOff);
      out.add(new ElfSymbol(symName, value, size, info & 0xf, info >>> 4, other, shndx));
    }
    return out;
  }

  /** The symbols of the first section of this name, or none when it is absent. */
  public List<ElfSymbol> symbols(String tableName) throws ElfException {
    ElfSection s = section(tableName);
    return s == null ? List.of() : symbols(s);
  }

  /**
   * The relocation section (SHT_REL or SHT_RELA) whose sh_info names this section, or null: the one
   * that patches it.
   */
  public ElfSection relocationsOf(ElfSection target) {
    for (ElfSection s : sections) {
      if ((s.type() == ElfSection.SHT_REL || s.type() == ElfSection.SHT_RELA)
          && s.info() == target.index()) {
        return s;
      }
    }
    return null;
  }

  /**
   * The entries of a relocation section, each checked to lie within the section it patches (its
   * sh_info) and to name a symbol of its symbol table (its sh_link).
   */
  public List<ElfRelocation> relocations(ElfSection rel) throws ElfException {
    boolean withAddend = rel.type() == ElfSection.SHT_RELA;
    if (!withAddend && rel.type() != ElfSection.SHT_REL) {
      throw error(rel.offset(), rel.name() + " is no relocation section (type " + rel.type() + ")");
    }
    int entSize = (is64 ? 16 : 8) + (withAddend ? (is64 ? 8 : 4) : 0);
    if (rel.entsize() != 0 && rel.entsize() < entSize) {
      throw error(rel.offset(), "relocation entry size " + rel.entsize() + " in " + rel.name());
    }
    long step = rel.entsize() == 0 ? entSize : rel.entsize();
    need(rel.offset(), rel.size(), "relocation section " + rel.name());
    if (rel.info() <= 0 || rel.info() >= sections.size()) {
      throw error(
          rel.offset(), rel.name() + " patches section " + rel.info() + " of " + sections.size());
    }
    ElfSection target = sections.get(rel.info());
    ElfSection symtab = linked(rel);
    int symbolSize = is64 ? 24 : 16;
    long symbolCount =
        symtab == null
            ? 0
            : symtab.size() / (symtab.entsize() < symbolSize ? symbolSize : symtab.entsize());
    long n = rel.size() / step;
    List<ElfRelocation> out = new ArrayList<>((int) Math.min(n, 1 << 20));
    for (long i = 0; i < n; i++) {
      long p = rel.offset() + i * step;
      long offset;
      long info;
      long addend = 0;
      int symbol;
      int relType;
      if (is64) {
        offset = bytes.getLong((int) p);
        info = bytes.getLong((int) p + 8);
        symbol = (int) (info >>> 32);
        relType = (int) info;
        addend = withAddend ? bytes.getLong((int) p + 16) : 0;
      } else {
        offset = u32(p);
        info = u32(p + 4);
        symbol = (int) (info >>> 8);
        relType = (int) (info & 0xff);
        addend = withAddend ? bytes.getInt((int) p + 8) : 0;
      }
      if (offset < 0 || offset >= target.size()) {
        throw error(
            p,
            rel.name()
                + " entry "
                + i
                + ": offset "
                + offset
                + " outside "
                + target.name()
                + " of "
                + target.size()
                + " bytes");
      }
      if (symbol < 0 || symbol >= symbolCount) {
        throw error(
            p,
            rel.name()
                + " entry "
                + i
                + ": symbol "
                + Integer.toUnsignedString(symbol)
                + " of "
                + symbolCount);
      }
      out.add(new ElfRelocation(offset, symbol, relType, addend));
    }
    return out;
  }

  /** The notes of every SHT_NOTE section, else of every PT_NOTE segment. */
  public List<ElfNote> notes() throws ElfException {
    List<ElfNote> out = new ArrayList<>();
    for (ElfSection s : sections) {
      if (s.type() == ElfSection.SHT_NOTE) {
        readNotes(s.offset(), s.size(), out);
      }
    }
    if (sections.isEmpty()) {
      for (ElfSegment p : segments) {
        if (p.type() == ElfSegment.PT_NOTE) {
          readNotes(p.offset(), p.filesz(), out);
        }
      }
    }
    return out;
  }

  /** The GNU build id as lower-case hex, or null. */
  public String buildId() throws ElfException {
    for (ElfNote n : notes()) {
      if (n.type() == ElfNote.NT_GNU_BUILD_ID && n.name().equals("GNU")) {
        return HexFormat.of().formatHex(n.desc());
      }
    }
    return null;
  }

  /** The file name {@code .gnu_debuglink} names (its CRC is not checked), or null. */
  public String debugLink() throws ElfException {
    ElfSection s = section(".gnu_debuglink");
    if (s == null) {
      return null;
    }
    need(s.offset(), s.size(), "section .gnu_debuglink");
    String link = cString(s.offset(), s.offset() + s.size());
    return link.isEmpty() ? null : link;
  }

  /**
   * The virtual address a file offset is loaded at (through the PT_LOAD segment holding it), or -1
   * when no segment loads it.
   */
  public long vaddrOfOffset(long fileOffset) {
    for (ElfSegment p : segments) {
      if (p.type() == ElfSegment.PT_LOAD && p.containsOffset(fileOffset)) {
        return fileOffset - p.offset() + p.vaddr();
      }
    }
    return -1;
  }

  private ElfSection linked(ElfSection table) throws ElfException {
    if (table.link() <= 0) {
      return null;
    }
    if (table.link() >= sections.size()) {
      throw error(
          table.offset(),
          table.name() + " links section " + table.link() + " of " + sections.size());
    }
    return sections.get(table.link());
  }

  /** The NUL-terminated string at this offset of a string table section. */
  public String string(ElfSection strtab, long offset) throws ElfException {
    if (offset >= strtab.size()) {
      throw error(
          strtab.offset(),
          "string offset "
              + offset
              + " beyond "
              + strtab.name()
              + " of "
              + strtab.size()
              + " bytes");
    }
    need(strtab.offset(), strtab.size(), "string table " + strtab.name());
    return cString(strtab.offset() + offset, strtab.offset() + strtab.size());
  }

  private String cString(long from, long limit) {
    int start = (int) from;
    int end = start;
    while (end < limit && bytes.get(end) != 0) {
      end++;
    }
    byte[] b = new byte[end - start];
    bytes.get(start, b);
    return new String(b, StandardCharsets.UTF_8);
  }

  private List<ElfSegment> readSegments(long phoff, int entSize, int count) throws ElfException {
    if (count == 0 || phoff == 0) {
      return List.of();
    }
    int minSize = is64 ? 56 : 32;
    if (entSize < minSize) {
      throw error(is64 ? 54 : 42, "program header size " + entSize + ", expected " + minSize);
    }
    need(phoff, (long) entSize * count, "program headers");
    List<ElfSegment> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      int p = (int) (phoff + (long) i * entSize);
      out.add(
          is64
              ? new ElfSegment(
                  bytes.getInt(p),
                  bytes.getInt(p + 4),
                  bytes.getLong(p + 8),
                  bytes.getLong(p + 16),
                  bytes.getLong(p + 32),
                  bytes.getLong(p + 40))
              : new ElfSegment(
                  bytes.getInt(p),
                  bytes.getInt(p + 24),
                  u32(p + 4),
                  u32(p + 8),
                  u32(p + 16),
                  u32(p + 20)));
    }
    return Collections.unmodifiableList(out);
  }

  private List<ElfSection> readSections(long shoff, int entSize, int count, int strndx)
      throws ElfException {
    if (shoff == 0) {
      return List.of();
    }
    int minSize = is64 ? 64 : 40;
    if (entSize < minSize) {
      throw error(is64 ? 58 : 46, "section header size " + entSize + ", expected " + minSize);
    }
    need(shoff, entSize, "section header 0");
    if (count == 0) {
      count = (int) Math.min(Integer.MAX_VALUE, field(shoff, 32, 20)); // extended numbering
    }
    if (strndx == SHN_XINDEX) {
      strndx = (int) u32(shoff + (is64 ? 40 : 24));
    }
    need(shoff, (long) entSize * count, "section headers (" + count + ")");
    long[][] raw = new long[count][];
    for (int i = 0; i < count; i++) {
      long p = shoff + (long) i * entSize;
      raw[i] =
          new long[] {
            u32(p),
            u32(p + 4),
            field(p, 8, 8),
            field(p, 16, 12),
            field(p, 24, 16),
            field(p, 32, 20),
            u32(p + (is64 ? 40 : 24)),
            u32(p + (is64 ? 44 : 28)),
            field(p, 56, 36)
          };
    }
    ElfSection names = null;
    if (strndx > 0 && strndx < count) {
      long[] r = raw[strndx];
      names = new ElfSection(strndx, "", (int) r[1], r[2], r[3], r[4], r[5], 0, 0, 0);
      need(names.offset(), names.size(), "section name table");
    }
    List<ElfSection> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      long[] r = raw[i];
      String sectionName = names == null || r[0] == 0 ? "" : string(names, r[0]);
      out.add(
          new ElfSection(
              i, sectionName, (int) r[1], r[2], r[3], r[4], r[5], (int) r[6], (int) r[7], r[8]));
    }
    return Collections.unmodifiableList(out);
  }

  private void readNotes(long offset, long size, List<ElfNote> out) throws ElfException {
    need(offset, size, "notes");
    long p = offset;
    long end = offset + size;
    while (p + 12 <= end) {
      long nameSize = u32(p);
      long descSize = u32(p + 4);
      int noteType = bytes.getInt((int) p + 8);
      long namePos = p + 12;
      long descPos = namePos + align4(nameSize);
      long next = descPos + align4(descSize);
      if (next > end) {
        throw error(p, "note of " + nameSize + "+" + descSize + " bytes overruns its section");
      }
      String noteName = cString(namePos, namePos + nameSize);
      byte[] desc = new byte[(int) descSize];
      bytes.get((int) descPos, desc);
      out.add(new ElfNote(noteName, noteType, desc));
      p = next;
    }
  }

  private ByteBuffer uncompress(ElfSection s, ByteBuffer b) throws ElfException {
    int header = is64 ? 24 : 12;
    if (b.remaining() < header) {
      throw error(s.offset(), "compressed section " + s.name() + " shorter than its header");
    }
    int kind = b.getInt(0);
    long size = is64 ? b.getLong(8) : Integer.toUnsignedLong(b.getInt(4));
    if (kind != ELFCOMPRESS_ZLIB) {
      throw error(
          s.offset(),
          "section " + s.name() + " compressed by type " + kind + ", only zlib (1) is read");
    }
    if (size > Integer.MAX_VALUE) {
      throw error(s.offset(), "section " + s.name() + " uncompresses to " + size + " bytes");
    }
    byte[] in = new byte[b.remaining() - header];
    b.get(header, in);
    Inflater inflater = new Inflater();
    try {
      inflater.setInput(in);
      ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(size, 1 << 20));
      byte[] chunk = new byte[65536];
      while (!inflater.finished()) {
        int n = inflater.inflate(chunk);
        if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
          throw error(s.offset(), "compressed section " + s.name() + " ends early");
        }
        out.write(chunk, 0, n);
        if (out.size() > size) {
          break;
        }
      }
      if (out.size() != size) {
        throw error(
            s.offset(),
            "section "
                + s.name()
                + " uncompressed to "
                + out.size()
                + " bytes, header says "
                + size);
      }
      return ByteBuffer.wrap(out.toByteArray()).order(bytes.order());
    } catch (DataFormatException e) {
      throw error(s.offset(), "bad zlib data in section " + s.name() + ": " + e.getMessage());
    } finally {
      inflater.end();
    }
  }

  private static long align4(long n) {
    return (n + 3) & ~3L;
  }

  /** A word field: its offset in the 64-bit structure, else in the 32-bit one. */
  private long field(long base, int offset64, int offset32) throws ElfException {
    long p = base + (is64 ? offset64 : offset32);
    need(p, is64 ? 8 : 4, "header field");
    return is64 ? bytes.getLong((int) p) : u32(p);
  }

  private int u16(long p) throws ElfException {
    need(p, 2, "header field");
    return bytes.getShort((int) p) & 0xffff;
  }

  private long u32(long p) throws ElfException {
    need(p, 4, "header field");
    return Integer.toUnsignedLong(bytes.getInt((int) p));
  }

  private void need(long offset, long length, String what) throws ElfException {
    if (offset < 0 || length < 0 || offset + length > bytes.limit() || offset + length < 0) {
      throw error(
          offset,
          what
              + " of "
              + length
              + " bytes runs past the end of the file ("
              + bytes.limit()
              + " bytes)");
    }
  }

  private ElfException error(long offset, String message) {
    return new ElfException(name, offset, message);
  }
}
