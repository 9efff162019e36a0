package dev.jtrace.symbols;

import dev.jtrace.elf.ElfFile;
import dev.jtrace.elf.ElfSection;
import dev.jtrace.elf.ElfSymbol;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Sorted function symbols of one binary (or the kernel, or a JIT map): address to name by binary
 * search. Several names at one address keep one, chosen as perf chooses (a sized symbol, then not
 * weak, then global, then fewer leading underscores, then the longer name). A symbol without a size
 * ends where the next begins. Names are demangled on first use.
 */
public final class SymbolTable {
  /** No symbols. */
  public static final SymbolTable EMPTY = new SymbolTable(new long[0], new long[0], new String[0]);

  private final long[] starts;
  private final long[] ends;
  private final String[] names;
  private final boolean[] demangled;

  private SymbolTable(long[] starts, long[] ends, String[] names) {
    this.starts = starts;
    this.ends = ends;
    this.names = names;
    this.demangled = new boolean[names.length];
  }

  /** One entry before the table is built. */
  public record Entry(String name, long start, long size, int bind) {}

  /** The table of these entries (any order, duplicates allowed). */
  public static SymbolTable of(List<Entry> entries) {
    List<Entry> sorted = new ArrayList<>(entries);
    sorted.sort(Comparator.comparingLong(Entry::start)); // stable: file order among equals
    List<Entry> kept = new ArrayList<>(sorted.size());
    for (Entry e : sorted) {
      if (!kept.isEmpty() && kept.getLast().start() == e.start()) {
        if (!firstIsBetter(kept.getLast(), e)) {
          kept.set(kept.size() - 1, e);
        }
      } else {
        kept.add(e);
      }
    }
    int n = kept.size();
    long[] starts = new long[n];
    long[] ends = new long[n];
    String[] names = new String[n];
    for (int i = 0; i < n; i++) {
      Entry e = kept.get(i);
      starts[i] = e.start();
      names[i] = e.name();
      long next = i + 1 < n ? kept.get(i + 1).start() : -1L; // -1: the top of the address space
      ends[i] = e.size() > 0 ? e.start() + e.size() : next;
    }
    return new SymbolTable(starts, ends, names);
  }

  /**
   * The defined functions of an ELF symbol table, and its untyped labels in code sections, as
   * entries (perf's choice of what names an address).
   */
  public static List<Entry> functions(ElfFile file, List<ElfSymbol> symbols) {
    List<ElfSection> sections = file.sections();
    List<Entry> out = new ArrayList<>();
    for (ElfSymbol s : symbols) {
      if (s.value() == 0 || s.name().isEmpty()) {
        continue;
      }
      boolean label =
          s.isLabel()
              && s.shndx() < sections.size()
              && (sections.get(s.shndx()).flags() & ElfSection.SHF_EXECINSTR) != 0;
      if (s.isDefinedFunction() || label) {
        out.add(new Entry(s.name(), s.value(), s.size(), s.bind()));
      }
    }
    return out;
  }

  private static boolean firstIsBetter(Entry a, Entry b) {
    if ((a.size() > 0) != (b.size() > 0)) {
      return a.size() > 0;
    }
    boolean aWeak = a.bind() == ElfSymbol.STB_WEAK;
    boolean bWeak = b.bind() == ElfSymbol.STB_WEAK;
    if (aWeak != bWeak) {
      return !aWeak;
    }
    boolean aGlobal = a.bind() == ElfSymbol.STB_GLOBAL;
    boolean bGlobal = b.bind() == ElfSymbol.STB_GLOBAL;
    if (aGlobal != bGlobal) {
      return aGlobal;
    }
    int ua = underscores(a.name());
    int ub = underscores(b.name());
    if (ua != ub) {
      return ua < ub;
    }
    return a.name().length() >= b.name().length();
  }

  private static int underscores(String name) {
    int i = 0;
    while (i < name.length() && name.charAt(i) == '_') {
      i++;
    }
    return i;
  }

  public int size() {
    return names.length;
  }

  /** The index of the symbol holding this address, or -1. */
  public int find(long address) {
    int i = Arrays.binarySearch(starts, address);
    if (i < 0) {
      i = -i - 2;
    }
    if (i < 0 || Long.compareUnsigned(address, ends[i]) >= 0) {
      return -1;
    }
    return i;
  }

  public long start(int index) {
    return starts[index];
  }

  /** The symbol's name as the table was given it. */
  String rawName(int index) {
    return names[index];
  }

  /** The symbol's name, demangled. */
  public String name(int index) {
    if (!demangled[index]) {
      names[index] = Demangler.demangle(names[index]);
      demangled[index] = true;
    }
    return names[index];
  }
}
