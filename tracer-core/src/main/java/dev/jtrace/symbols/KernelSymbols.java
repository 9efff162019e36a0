package dev.jtrace.symbols;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * The kernel's function symbols from a kallsyms listing ({@code address type name [module]}): the
 * live {@code /proc/kallsyms}, or a recording's copy. Modules' symbols name their module as the
 * binary ({@code [ext4]}), the rest {@code [kernel.kallsyms]}.
 */
final class KernelSymbols {
  static final String KERNEL_DSO = "[kernel.kallsyms]";

  private final SymbolTable symbols;
  private final String[] dsos;

  private KernelSymbols(SymbolTable symbols, String[] dsos) {
    this.symbols = symbols;
    this.dsos = dsos;
  }

  static final KernelSymbols NONE = new KernelSymbols(SymbolTable.EMPTY, new String[0]);

  static KernelSymbols read(Reader kallsyms) throws IOException {
    List<SymbolTable.Entry> entries = new ArrayList<>();
    try (BufferedReader r = new BufferedReader(kallsyms)) {
      String line;
      while ((line = r.readLine()) != null) {
        int sp1 = line.indexOf(' ');
        int sp2 = sp1 < 0 ? -1 : line.indexOf(' ', sp1 + 1);
        if (sp2 < 0 || sp2 != sp1 + 2) {
          continue;
        }
        char type = Character.toLowerCase(line.charAt(sp1 + 1));
        if (type != 't' && type != 'w') {
          continue;
        }
        long address;
        try {
          address = Long.parseUnsignedLong(line, 0, sp1, 16);
        } catch (NumberFormatException e) {
          continue;
        }
        if (address == 0) {
          continue; // hidden by kptr_restrict
        }
        int tab = line.indexOf('\t', sp2 + 1);
        String name = tab < 0 ? line.substring(sp2 + 1) : line.substring(sp2 + 1, tab);
        String module = tab < 0 ? null : line.substring(tab + 1).trim();
        // the module travels in the entry's name until the table is built
        entries.add(
            new SymbolTable.Entry(module == null ? name : name + '\t' + module, address, 0, 1));
      }
    }
    SymbolTable table = SymbolTable.of(entries);
    String[] dsos = new String[table.size()];
    List<SymbolTable.Entry> plain = new ArrayList<>(table.size());
    for (int i = 0; i < table.size(); i++) {
      String n = table.rawName(i);
      int tab = n.indexOf('\t');
      dsos[i] = tab < 0 ? KERNEL_DSO : n.substring(tab + 1);
      plain.add(new SymbolTable.Entry(tab < 0 ? n : n.substring(0, tab), table.start(i), 0, 1));
    }
    return new KernelSymbols(SymbolTable.of(plain), dsos);
  }

  /** Fills the frame for a kernel address; false when no symbol holds it. */
  boolean resolve(long address, Frame out) {
    int i = symbols.find(address);
    if (i < 0) {
      // not this kernel's (below its first symbol: another machine's recording), as perf says it
      out.set(
          address, null, 0, symbols.size() > 0 && address >= symbols.start(0) ? KERNEL_DSO : null);
      return false;
    }
    out.set(address, symbols.name(i), address - symbols.start(i), dsos[i]);
    return true;
  }
}
