package dev.jtrace.dwarf;

import static dev.jtrace.dwarf.DwarfConstants.*;

import dev.jtrace.elf.ElfException;
import dev.jtrace.elf.ElfFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * The inlining of one binary, as its DWARF tells it: for an address (as the binary's symbols give
 * it), the functions inlined there, innermost first, then the function they are inlined into, as
 * addr2line -i names them (the linkage name, else DW_AT_name, through DW_AT_abstract_origin and
 * DW_AT_specification). The units are listed and their address ranges read when the binary is
 * opened; a unit's functions are read on the first address looked up in it. Malformed DWARF turns
 * the whole binary's inline information off ({@link #problem}): a stack then shows no inlined
 * frames for it, and nothing fails. Single-threaded.
 */
public final class InlineInfo {
  /** No DWARF (or none readable). */
  public static final InlineInfo NONE = new InlineInfo(null, UnaryOperator.identity(), "no DWARF");

  /** Innermost-first chains longer than this are cut (and shown without inlined frames). */
  public static final int MAX_DEPTH = 64;

  private final DebugSections sections;
  private final Function<String, String> names;
  private final List<Unit> units = new ArrayList<>();
  private final Map<Long, Abbreviations> abbrevTables = new HashMap<>();
  private final Map<Long, String> nameByDie = new HashMap<>();

  /** Unit address ranges, sorted by start: [rangeLow, rangeHigh) belongs to unit rangeUnit. */
  private long[] rangeLow = new long[0];

  private long[] rangeHigh = new long[0];
  private int[] rangeUnit = new int[0];
  private UnitInlines[] tables = new UnitInlines[0];
  private String problem;

  private InlineInfo(DebugSections sections, Function<String, String> names, String problem) {
    this.sections = sections;
    this.names = names;
    this.problem = problem;
  }

  /**
   * The inline information of a binary: from its own {@code .debug_info}, else from its separate
   * debug file ({@code debugFile} finds it). Never fails: unreadable or malformed DWARF gives an
   * instance without inline information, saying why ({@link #problem}).
   *
   * @param names turns a DWARF name into the one printed (the demangler)
   */
  public static InlineInfo load(
      Path binary, Function<ElfFile, ElfFile> debugFile, Function<String, String> names) {
    try {
      ElfFile elf = ElfFile.open(binary);
      DebugSections s = DebugSections.of(elf);
      if (s == null) {
        ElfFile debug = debugFile.apply(elf);
        s = debug == null ? null : DebugSections.of(debug);
      }
      return s == null ? NONE : of(s, names);
    } catch (IOException | ElfException | RuntimeException e) {
      return new InlineInfo(null, names, e.getMessage());
    }
  }

  /** From these sections; malformed ones give an instance without inline information. */
  static InlineInfo of(DebugSections s, Function<String, String> names) {
    InlineInfo info = new InlineInfo(s, names, null);
    try {
      info.readUnits();
    } catch (RuntimeException e) {
      info.fail(e);
    }
    return info;
  }

  /** Why this binary has no inline information (null: it has). */
  public String problem() {
    return problem;
  }

  /**
   * Fills {@code out} with the names of the functions inlined at this address, innermost first,
   * then the function holding them; returns how many (0: the DWARF says nothing of it). Reads the
   * unit holding the address on its first lookup; allocates nothing after.
   */
  public int lookup(long address, String[] out) {
    if (problem != null || rangeLow.length == 0) {
      return 0;
    }
    int lo = 0;
    int hi = rangeLow.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (Long.compareUnsigned(rangeLow[mid], address) <= 0) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    int r = lo - 1;
    if (r < 0 || Long.compareUnsigned(rangeHigh[r], address) <= 0) {
      return 0;
    }
    int u = rangeUnit[r];
    UnitInlines t = tables[u];
    if (t == null) {
      try {
        t = readFunctions(units.get(u));
      } catch (RuntimeException e) {
        fail(e);
        return 0;
      }
      tables[u] = t;
    }
    return t.lookup(address, out);
  }

  private void fail(RuntimeException e) {
    problem = "malformed DWARF: " + e.getMessage();
    tables = new UnitInlines[0];
    rangeLow = new long[0];
  }

  /** Lists the units of .debug_info and reads each compile unit's address ranges. */
  private void readUnits() {
    DwarfCursor c = new DwarfCursor(sections.info(), 0);
    DieReader die = new DieReader(sections);
    LongList lows = new LongList();
    LongList highs = new LongList();
    List<Integer> owners = new ArrayList<>();
    LongList pairs = new LongList();
    int limit = sections.info().limit();
    while (c.pos + 11 <= limit) {
      long offset = c.pos;
      long length = c.u32();
      boolean dwarf64 = length == 0xffffffffL;
      if (dwarf64) {
        length = c.u64();
      } else if (length >= 0xfffffff0L) {
        throw new IllegalArgumentException("unit length 0x" + Long.toHexString(length));
      }
      long end = c.pos + length;
      if (length < 0 || end > limit || end <= c.pos) {
        throw new IllegalArgumentException(
            "unit at .debug_info 0x" + Long.toHexString(offset) + " runs past the section");
      }
      int version = c.u16();
      int unitType = UT_COMPILE;
      int addressSize;
      long abbrevOffset;
      if (version >= 5) {
        unitType = c.u8();
        addressSize = c.u8();
        abbrevOffset = c.unsigned(dwarf64 ? 8 : 4);
        if (unitType == UT_SKELETON || unitType == UT_SPLIT_COMPILE) {
          c.skip(8);
        } else if (unitType == UT_TYPE || unitType == UT_SPLIT_TYPE) {
          c.skip(8 + (dwarf64 ? 8 : 4));
        }
      } else {
        abbrevOffset = c.unsigned(dwarf64 ? 8 : 4);
        addressSize = c.u8();
      }
      boolean code =
          version >= 2
              && version <= 5
              && (unitType == UT_COMPILE || unitType == UT_PARTIAL)
              && (addressSize == 4 || addressSize == 8);
      if (code) {
        Unit u =
            new Unit(
                offset,
                end,
                c.pos,
                version,
                addressSize,
                dwarf64,
                abbrevOffset,
                version >= 5 ? 8 : 0,
                version >= 5 ? 8 : 0,
                version >= 5 ? 12 : 0,
                0);
        die.at(u, abbreviations(abbrevOffset));
        if (die.read(c)
            && (die.tag == TAG_COMPILE_UNIT
                || die.tag == TAG_PARTIAL_UNIT
                || die.tag == TAG_SKELETON_UNIT)) {
          u = die.withBasesOfThisDie(u);
          pairs.clear();
          die.pcRanges(pairs);
          for (int i = 0; i + 1 < pairs.size(); i += 2) {
            if (pairs.get(i) != 0 && Long.compareUnsigned(pairs.get(i), pairs.get(i + 1)) < 0) {
              lows.add(pairs.get(i));
              highs.add(pairs.get(i + 1));
              owners.add(units.size());
            }
          }
          units.add(u);
        }
      }
      c.seek(end);
    }
    int n = lows.size();
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Long.compareUnsigned(lows.get(a), lows.get(b)));
    rangeLow = new long[n];
    rangeHigh = new long[n];
    rangeUnit = new int[n];
    for (int i = 0; i < n; i++) {
      rangeLow[i] = lows.get(order[i]);
      rangeHigh[i] = highs.get(order[i]);
      rangeUnit[i] = owners.get(order[i]);
    }
    tables = new UnitInlines[units.size()];
  }

  private Abbreviations abbreviations(long offset) {
    Abbreviations a = abbrevTables.get(offset);
    if (a == null) {
      a = Abbreviations.parse(sections.abbrev(), offset);
      abbrevTables.put(offset, a);
    }
    return a;
  }

  /** Reads a unit's functions and inlined subroutines with their ranges and names. */
  private UnitInlines readFunctions(Unit u) {
    DieReader die = new DieReader(sections);
    die.at(u, abbreviations(u.abbrevOffset()));
    DwarfCursor c = new DwarfCursor(sections.info(), u.diesStart());
    LongList lows = new LongList();
    LongList highs = new LongList();
    LongList dies = new LongList();
    int[] depthOf = new int[64];
    int[] parentOf = new int[64];
    LongList pairs = new LongList();
    // per tree level: the entry of the function or inlined subroutine its DIEs are inside, and the
    // inline depth there
    int[] enclosing = new int[16];
    int[] inlineDepth = new int[16];
    int level = 0;
    enclosing[0] = -1;
    while (c.pos < u.end()) {
      long at = c.pos;
      if (!die.read(c)) {
        if (--level <= 0) {
          break;
        }
        continue;
      }
      int mine = enclosing[level];
      int myDepth = inlineDepth[level];
      boolean function = die.tag == TAG_SUBPROGRAM;
      if ((function || die.tag == TAG_INLINED_SUBROUTINE) && die.hasPc()) {
        pairs.clear();
        die.pcRanges(pairs);
        int parent = function ? -1 : enclosing[level];
        int depth = function ? 0 : inlineDepth[level] + 1;
        int first = -1;
        for (int i = 0; i + 1 < pairs.size(); i += 2) {
          long lo = pairs.get(i);
          long hi = pairs.get(i + 1);
          if (lo == 0 || Long.compareUnsigned(lo, hi) >= 0) {
            continue; // an empty range, or code the linker dropped
          }
          int e = lows.size();
          if (e == depthOf.length) {
            depthOf = Arrays.copyOf(depthOf, e * 2);
            parentOf = Arrays.copyOf(parentOf, e * 2);
          }
          lows.add(lo);
          highs.add(hi);
          dies.add(at);
          depthOf[e] = depth;
          parentOf[e] = parent;
          if (first < 0) {
            first = e;
          }
        }
        if (first >= 0) {
          mine = first;
          myDepth = depth;
        }
      } else if (function) {
        mine = -1; // a declaration or abstract instance: what it holds has no code of its own
        myDepth = 0;
      }
      if (die.children) {
        level++;
        if (level == enclosing.length) {
          enclosing = Arrays.copyOf(enclosing, level * 2);
          inlineDepth = Arrays.copyOf(inlineDepth, level * 2);
        }
        enclosing[level] = mine;
        inlineDepth[level] = myDepth;
      }
    }
    int n = lows.size();
    String[] entryNames = new String[n];
    for (int i = 0; i < n; i++) {
      entryNames[i] = nameOf(dies.get(i), 0);
    }
    return UnitInlines.of(
        lows, highs, Arrays.copyOf(depthOf, n), Arrays.copyOf(parentOf, n), entryNames);
  }

  /**
   * The name of the DIE at this .debug_info offset: its own, else its abstract origin's, else its
   * specification's (followed a few steps: a loop in corrupt DWARF ends).
   */
  private String nameOf(long dieOffset, int steps) {
    if (dieOffset < 0 || steps > 8) {
      return null;
    }
    if (nameByDie.containsKey(dieOffset)) {
      return nameByDie.get(dieOffset);
    }
    Unit u = unitAt(dieOffset);
    if (u == null) {
      return null;
    }
    DieReader die = new DieReader(sections);
    die.at(u, abbreviations(u.abbrevOffset()));
    if (!die.read(new DwarfCursor(sections.info(), dieOffset))) {
      return null;
    }
    String own = die.ownName();
    long origin = die.origin;
    long spec = die.specification;
    String name = own != null ? names.apply(own) : nameOf(origin, steps + 1);
    if (name == null) {
      name = nameOf(spec, steps + 1);
    }
    nameByDie.put(dieOffset, name);
    return name;
  }

  private Unit unitAt(long dieOffset) {
    int lo = 0;
    int hi = units.size();
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (units.get(mid).offset() <= dieOffset) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    Unit u = lo == 0 ? null : units.get(lo - 1);
    return u != null && dieOffset >= u.diesStart() && dieOffset < u.end() ? u : null;
  }
}
