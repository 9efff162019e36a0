package dev.jtrace.tracer.bpfobject;

import dev.jtrace.elf.ElfException;
import dev.jtrace.elf.ElfFile;
import dev.jtrace.elf.ElfRelocation;
import dev.jtrace.elf.ElfSection;
import dev.jtrace.elf.ElfSymbol;
import dev.jtrace.tracer.btf.Btf;
import dev.jtrace.tracer.btf.BtfException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads an ELF relocatable eBPF object into a {@link BpfObject}: every function of an executable
 * section is a program attached where the section names; maps come from {@code .maps} (their
 * members read from the object's {@code .BTF}) and from the legacy {@code maps} section (struct
 * bpf_map_def: five u32s); each R_BPF_64_64 relocation of a program names the map its ld_imm64
 * loads. Anything else is refused with one line naming the file and what was expected.
 */
public final class BpfObjectReader {
  private static final int ET_REL = 1;
  private static final int R_BPF_64_64 = 1;
  private static final int R_BPF_64_32 = 10;
  private static final int STT_SECTION = 3;
  private static final int LD_IMM64 = 0x18;
  private static final int LEGACY_DEF_MIN = 16;

  private BpfObjectReader() {}

  public static BpfObject read(Path file) throws BpfObjectException {
    try {
      return read(ElfFile.open(file));
    } catch (IOException e) {
      throw new BpfObjectException(file + ": cannot read: " + e.getMessage());
    } catch (ElfException e) {
      throw new BpfObjectException(e.getMessage());
    }
  }

  static BpfObject read(ElfFile elf) throws BpfObjectException, ElfException {
    String file = elf.name();
    if (elf.machine() != ElfFile.EM_BPF) {
      throw new BpfObjectException(
          file + ": not an eBPF object (ELF machine " + elf.machine() + ", expected 247, BPF)");
    }
    if (elf.type() != ET_REL || !elf.is64()) {
      throw new BpfObjectException(
          file + ": a 64-bit relocatable object (clang -target bpf -c) expected");
    }
    ElfSection symtab = null;
    for (ElfSection s : elf.sections()) {
      if (s.type() == ElfSection.SHT_SYMTAB) {
        symtab = s;
      }
    }
    if (symtab == null) {
      throw new BpfObjectException(file + ": no symbol table (a stripped object?)");
    }
    List<ElfSymbol> symbols = elf.symbols(symtab);
    Map<String, MapDefinition> maps = new LinkedHashMap<>();
    ElfSection btfMaps = elf.section(".maps");
    ElfSection legacyMaps = elf.section("maps");
    if (btfMaps != null) {
      readBtfMaps(elf, btfMaps, symbols, maps);
    }
    if (legacyMaps != null) {
      readLegacyMaps(elf, legacyMaps, symbols, maps);
    }
    List<BpfProgram> programs = new ArrayList<>();
    for (ElfSection s : elf.sections()) {
      if (s.type() != ElfSection.SHT_PROGBITS
          || (s.flags() & ElfSection.SHF_EXECINSTR) == 0
          || s.size() == 0) {
        continue;
      }
      AttachPoint at = AttachPoint.ofSection(s.name());
      if (at == null) {
        throw new BpfObjectException(
            file
                + ": section '"
                + s.name()
                + "' holds a program jtrace cannot attach (expected syscalls:EVENT,"
                + " tracepoint/SYSTEM/EVENT, tp/SYSTEM/EVENT or raw_tracepoint/EVENT)");
      }
      programs.addAll(programsOf(elf, s, at, symtab, symbols, maps, btfMaps, legacyMaps));
    }
    if (programs.isEmpty()) {
      throw new BpfObjectException(file + ": no program (no executable section with code)");
    }
    ElfSection license = elf.section("license");
    ElfSection version = elf.section("version");
    String licenseText = license == null ? "" : cString(elf.bytes(license));
    int kernelVersion = 0;
    if (version != null) {
      ByteBuffer b = elf.data(version);
      if (b.remaining() < 4) {
        throw new BpfObjectException(file + ": section 'version' shorter than a u32");
      }
      kernelVersion = b.getInt(0);
    }
    return new BpfObject(
        file, List.copyOf(programs), List.copyOf(maps.values()), licenseText, kernelVersion);
  }

  private static void readBtfMaps(
      ElfFile elf, ElfSection section, List<ElfSymbol> symbols, Map<String, MapDefinition> out)
      throws BpfObjectException, ElfException {
    ElfSection btfSection = elf.section(".BTF");
    if (btfSection == null) {
      throw new BpfObjectException(
          elf.name() + ": .maps needs the object's .BTF (compile with clang -g)");
    }
    Btf btf;
    try {
      btf = Btf.parse(elf.bytes(btfSection), elf.name() + " .BTF");
    } catch (BtfException e) {
      throw new BpfObjectException(e.getMessage());
    }
    for (ElfSymbol sym : symbols) {
      if (sym.shndx() != section.index() || sym.name().isEmpty() || sym.type() == STT_SECTION) {
        continue;
      }
      Map<String, Long> members;
      try {
        members = btf.mapDefinition(sym.name());
      } catch (BtfException e) {
        throw new BpfObjectException(e.getMessage());
      }
      MapDefinition.Builder b = MapDefinition.builder(sym.name());
      for (Map.Entry<String, Long> m : members.entrySet()) {
        int v = (int) (long) m.getValue();
        switch (m.getKey()) {
          case "type" -> b.type(v);
          case "key_size", "key" -> b.keySize(v);
          case "value_size", "value" -> b.valueSize(v);
          case "max_entries" -> b.maxEntries(v);
          case "map_flags" -> b.flags(v);
          default ->
              throw new BpfObjectException(
                  elf.name()
                      + ": map "
                      + sym.name()
                      + ": member '"
                      + m.getKey()
                      + "' (expected type, key_size, key, value_size, value, max_entries,"
                      + " map_flags)");
        }
      }
      out.put(sym.name(), b.build());
    }
  }

  private static void readLegacyMaps(
      ElfFile elf, ElfSection section, List<ElfSymbol> symbols, Map<String, MapDefinition> out)
      throws BpfObjectException, ElfException {
    ByteBuffer data = elf.data(section);
    for (ElfSymbol sym : symbols) {
      if (sym.shndx() != section.index() || sym.name().isEmpty() || sym.type() == STT_SECTION) {
        continue;
      }
      long at = sym.value();
      if (at < 0 || at + LEGACY_DEF_MIN > data.limit()) {
        throw new BpfObjectException(
            elf.name()
                + ": map "
                + sym.name()
                + " at "
                + at
                + ": a 16-byte struct bpf_map_def expected in section maps of "
                + data.limit()
                + " bytes");
      }
      int p = (int) at;
      boolean hasFlags = p + 20 <= data.limit() && (sym.size() == 0 || sym.size() >= 20);
      out.put(
          sym.name(),
          MapDefinition.builder(sym.name())
              .type(data.getInt(p))
              .keySize(data.getInt(p + 4))
              .valueSize(data.getInt(p + 8))
              .maxEntries(data.getInt(p + 12))
              .flags(hasFlags ? data.getInt(p + 16) : 0)
              .build());
    }
  }

  private static List<BpfProgram> programsOf(
      ElfFile elf,
      ElfSection code,
      AttachPoint at,
      ElfSection symtab,
      List<ElfSymbol> symbols,
      Map<String, MapDefinition> maps,
      ElfSection btfMaps,
      ElfSection legacyMaps)
      throws BpfObjectException, ElfException {
    ByteBuffer bytes = elf.data(code);
    if (code.size() % 8 != 0) {
      throw new BpfObjectException(
          elf.name() + ": section '" + code.name() + "' is not a whole number of instructions");
    }
    long[] all = new long[(int) (code.size() / 8)];
    for (int i = 0; i < all.length; i++) {
      all[i] = bytes.getLong(i * 8);
    }
    List<BpfProgram.MapReference> refs = new ArrayList<>();
    ElfSection rel = elf.relocationsOf(code);
    for (ElfRelocation r : rel == null ? List.<ElfRelocation>of() : elf.relocations(rel)) {
      if (rel.link() != symtab.index()) {
        throw new BpfObjectException(elf.name() + ": " + rel.name() + " uses another symbol table");
      }
      ElfSymbol sym = r.symbol() == 0 ? null : symbols.get(r.symbol() - 1);
      String symName = sym == null ? "(none)" : sym.name();
      int insn = (int) (r.offset() / 8);
      if (r.type() == R_BPF_64_32) {
        throw new BpfObjectException(
            elf.name()
                + ": "
                + code.name()
                + " calls "
                + symName
                + ": calls to BPF functions are not supported (make it static inline)");
      }
      if (r.type() != R_BPF_64_64 || r.offset() % 8 != 0 || insn + 1 >= all.length) {
        throw new BpfObjectException(
            elf.name()
                + ": "
                + code.name()
                + ": relocation of type "
                + r.type()
                + " at "
                + r.offset()
                + " (expected R_BPF_64_64 on an ld_imm64)");
      }
      if ((all[insn] & 0xff) != LD_IMM64) {
        throw new BpfObjectException(
            elf.name()
                + ": "
                + code.name()
                + ": relocation at "
                + r.offset()
                + " is not on an ld_imm64 instruction");
      }
      String map = mapOf(sym, all[insn], maps, btfMaps, legacyMaps, symbols);
      if (map == null) {
        throw new BpfObjectException(
            elf.name()
                + ": "
                + code.name()
                + ": relocation to an unknown symbol '"
                + symName
                + "' (expected a map of .maps or maps; global data is not supported)");
      }
      refs.add(new BpfProgram.MapReference(insn, map));
    }
    List<BpfProgram> out = new ArrayList<>();
    for (ElfSymbol f : symbols) {
      if (f.shndx() != code.index() || f.type() != ElfSymbol.STT_FUNC) {
        continue;
      }
      long from = f.value() / 8;
      long to = (f.value() + f.size()) / 8;
      if (f.value() < 0 || f.size() < 0 || f.value() % 8 != 0 || to > all.length || from >= to) {
        throw new BpfObjectException(
            elf.name() + ": function " + f.name() + " lies outside its section " + code.name());
      }
      long[] insns = java.util.Arrays.copyOfRange(all, (int) from, (int) to);
      List<BpfProgram.MapReference> own = new ArrayList<>();
      for (BpfProgram.MapReference r : refs) {
        if (r.insn() >= from && r.insn() < to) {
          own.add(new BpfProgram.MapReference((int) (r.insn() - from), r.map()));
        }
      }
      out.add(new BpfProgram(f.name(), code.name(), at, insns, List.copyOf(own)));
    }
    if (out.isEmpty()) {
      throw new BpfObjectException(
          elf.name() + ": section '" + code.name() + "' has code but no function symbol");
    }
    return out;
  }

  /** The map a relocation names: by symbol, or by offset into a map section (a section symbol). */
  private static String mapOf(
      ElfSymbol sym,
      long insn,
      Map<String, MapDefinition> maps,
      ElfSection btfMaps,
      ElfSection legacyMaps,
      List<ElfSymbol> symbols) {
    if (sym == null) {
      return null;
    }
    if (sym.type() != STT_SECTION) {
      return maps.containsKey(sym.name()) ? sym.name() : null;
    }
    boolean mapSection =
        (btfMaps != null && sym.shndx() == btfMaps.index())
            || (legacyMaps != null && sym.shndx() == legacyMaps.index());
    if (!mapSection) {
      return null;
    }
    long offset = insn >> 32;
    for (ElfSymbol s : symbols) {
      if (s.shndx() == sym.shndx() && s.type() != STT_SECTION && s.value() == offset) {
        return maps.containsKey(s.name()) ? s.name() : null;
      }
    }
    return null;
  }

  private static String cString(byte[] b) {
    int n = 0;
    while (n < b.length && b[n] != 0) {
      n++;
    }
    return new String(b, 0, n, java.nio.charset.StandardCharsets.US_ASCII);
  }
}
