package dev.jtrace.dwarf;

import static dev.jtrace.dwarf.DwarfConstants.*;

import java.nio.ByteBuffer;

/**
 * Reads the DIEs of one unit, one at a time, keeping of each only what the inline table needs (its
 * tag, names, pc ranges, abstract origin and specification, and on a unit DIE the bases); every
 * other attribute is skipped by its form. One reader is reused for a unit's DIEs: reading a DIE
 * allocates nothing.
 */
final class DieReader {
  static final int NONE = 0;
  static final int ADDR = 1;
  static final int ADDRX = 2;
  static final int CONST = 3;
  static final int REF_UNIT = 4;
  static final int REF_ABS = 5;
  static final int STR_INFO = 6;
  static final int STRP = 7;
  static final int LINE_STRP = 8;
  static final int STRX = 9;
  static final int SEC_OFFSET = 10;
  static final int RNGLISTX = 11;
  static final int OTHER = 12;

  /** Range lists longer than this are malformed (a loop through a corrupt list ends). */
  private static final int MAX_RANGES = 1 << 16;

  private final DebugSections s;
  private Unit unit;
  private Abbreviations abbrevs;
  private long strOffsetsBase;
  private long addrBase;
  private long rnglistsBase;
  private long lowPcBase;

  /** The last DIE read. */
  int tag;

  boolean children;
  private int nameKind;
  private long nameVal;
  private int linkageKind;
  private long linkageVal;
  private int lowKind;
  private long lowVal;
  private int highKind;
  private long highVal;
  private int rangesKind;
  private long rangesVal;

  /** The DIE's DW_AT_abstract_origin and DW_AT_specification, as .debug_info offsets (-1: none). */
  long origin;

  long specification;

  private long dieStrOffsetsBase;
  private long dieAddrBase;
  private long dieRnglistsBase;

  /** The kind of the value {@link #value} read last. */
  private int kind;

  DieReader(DebugSections s) {
    this.s = s;
  }

  /** Reads DIEs of this unit from now on. */
  void at(Unit unit, Abbreviations abbrevs) {
    this.unit = unit;
    this.abbrevs = abbrevs;
    this.strOffsetsBase = unit.strOffsetsBase();
    this.addrBase = unit.addrBase();
    this.rnglistsBase = unit.rnglistsBase();
    this.lowPcBase = unit.lowPc();
  }

  /**
   * Reads the DIE at the cursor; false for a null entry (the end of a sibling list).
   *
   * @throws IllegalArgumentException on an unknown abbreviation code or form
   */
  boolean read(DwarfCursor c) {
    long code = c.uleb();
    if (code == 0) {
      return false;
    }
    Abbreviations.Abbrev a = abbrevs.get(code);
    if (a == null) {
      throw new IllegalArgumentException(
          "unknown abbreviation " + code + " at .debug_info 0x" + Long.toHexString(c.pos));
    }
    tag = a.tag();
    children = a.children();
    nameKind = linkageKind = lowKind = highKind = rangesKind = NONE;
    origin = specification = -1;
    dieStrOffsetsBase = dieAddrBase = dieRnglistsBase = -1;
    int[] names = a.names();
    int[] forms = a.forms();
    long[] consts = a.implicitConsts();
    for (int i = 0; i < names.length; i++) {
      long v = value(c, forms[i], consts[i]);
      switch (names[i]) {
        case AT_NAME -> {
          nameKind = kind;
          nameVal = v;
        }
        case AT_LINKAGE_NAME, AT_MIPS_LINKAGE_NAME -> {
          linkageKind = kind;
          linkageVal = v;
        }
        case AT_LOW_PC -> {
          lowKind = kind;
          lowVal = v;
        }
        case AT_HIGH_PC -> {
          highKind = kind;
          highVal = v;
        }
        case AT_RANGES -> {
          rangesKind = kind;
          rangesVal = v;
        }
        case AT_ABSTRACT_ORIGIN -> origin = reference(v);
        case AT_SPECIFICATION -> specification = reference(v);
        case AT_STR_OFFSETS_BASE -> dieStrOffsetsBase = v;
        case AT_ADDR_BASE, AT_GNU_ADDR_BASE -> dieAddrBase = v;
        case AT_RNGLISTS_BASE -> dieRnglistsBase = v;
        default -> {}
      }
    }
    return true;
  }

  /**
   * Takes the bases of the unit DIE just read (before its own indexed values are resolved), and
   * returns the unit with them.
   */
  Unit withBasesOfThisDie(Unit u) {
    long strBase = dieStrOffsetsBase >= 0 ? dieStrOffsetsBase : u.strOffsetsBase();
    long aBase = dieAddrBase >= 0 ? dieAddrBase : u.addrBase();
    long rBase = dieRnglistsBase >= 0 ? dieRnglistsBase : u.rnglistsBase();
    strOffsetsBase = strBase;
    addrBase = aBase;
    rnglistsBase = rBase;
    long low = lowKind == ADDR || lowKind == ADDRX ? address(lowKind, lowVal) : 0;
    lowPcBase = low;
    return new Unit(
        u.offset(),
        u.end(),
        u.diesStart(),
        u.version(),
        u.addressSize(),
        u.dwarf64(),
        u.abbrevOffset(),
        strBase,
        aBase,
        rBase,
        low);
  }

  private long reference(long v) {
    return switch (kind) {
      case REF_UNIT -> unit.offset() + v;
      case REF_ABS -> v;
      default -> -1; // another file's (supplementary, type signature): no name from it
    };
  }

  /** The DIE's own name: its linkage name, else DW_AT_name; null when it has neither. */
  String ownName() {
    String n = linkageKind != NONE ? string(linkageKind, linkageVal) : null;
    return n != null ? n : nameKind != NONE ? string(nameKind, nameVal) : null;
  }

  /** Whether the DIE has a pc range (low/high or a range list). */
  boolean hasPc() {
    return (lowKind != NONE && highKind != NONE) || rangesKind != NONE;
  }

  /** Adds the DIE's pc ranges to {@code out} as (low, high) pairs. */
  void pcRanges(LongList out) {
    if (lowKind != NONE && highKind != NONE) {
      long lo = address(lowKind, lowVal);
      long hi = highKind == CONST ? lo + highVal : address(highKind, highVal);
      out.add(lo);
      out.add(hi);
    } else if (rangesKind == RNGLISTX) {
      int size = unit.offsetSize();
      DwarfCursor c = new DwarfCursor(s.rnglists(), rnglistsBase + rangesVal * size);
      rangeList5(rnglistsBase + c.unsigned(size), out);
    } else if (rangesKind == SEC_OFFSET || rangesKind == CONST) {
      if (unit.version() >= 5) {
        rangeList5(rangesVal, out);
      } else {
        rangeList4(rangesVal, out);
      }
    }
  }

  private void rangeList5(long offset, LongList out) {
    DwarfCursor c = new DwarfCursor(s.rnglists(), offset);
    long base = lowPcBase;
    int size = unit.addressSize();
    for (int n = 0; n < MAX_RANGES; n++) {
      int entry = c.u8();
      switch (entry) {
        case RLE_END_OF_LIST -> {
          return;
        }
        case RLE_BASE_ADDRESSX -> base = address(ADDRX, c.uleb());
        case RLE_STARTX_ENDX -> {
          long lo = address(ADDRX, c.uleb());
          long hi = address(ADDRX, c.uleb());
          out.add(lo);
          out.add(hi);
        }
        case RLE_STARTX_LENGTH -> {
          long lo = address(ADDRX, c.uleb());
          out.add(lo);
          out.add(lo + c.uleb());
        }
        case RLE_OFFSET_PAIR -> {
          long lo = c.uleb();
          long hi = c.uleb();
          out.add(base + lo);
          out.add(base + hi);
        }
        case RLE_BASE_ADDRESS -> base = c.unsigned(size);
        case RLE_START_END -> {
          long lo = c.unsigned(size);
          long hi = c.unsigned(size);
          out.add(lo);
          out.add(hi);
        }
        case RLE_START_LENGTH -> {
          long lo = c.unsigned(size);
          out.add(lo);
          out.add(lo + c.uleb());
        }
        default ->
            throw new IllegalArgumentException(
                "range list entry " + entry + " at .debug_rnglists 0x" + Long.toHexString(c.pos));
      }
    }
    throw new IllegalArgumentException("range list at .debug_rnglists 0x" + offset + " too long");
  }

  private void rangeList4(long offset, LongList out) {
    DwarfCursor c = new DwarfCursor(s.ranges(), offset);
    int size = unit.addressSize();
    long all = size == 8 ? -1L : (1L << (size * 8)) - 1;
    long base = lowPcBase;
    for (int n = 0; n < MAX_RANGES; n++) {
      long lo = c.unsigned(size);
      long hi = c.unsigned(size);
      if (lo == 0 && hi == 0) {
        return;
      }
      if (lo == all) {
        base = hi;
      } else {
        out.add(base + lo);
        out.add(base + hi);
      }
    }
    throw new IllegalArgumentException("range list at .debug_ranges 0x" + offset + " too long");
  }

  private long address(int k, long v) {
    if (k == ADDR) {
      return v;
    }
    if (k == ADDRX) {
      int size = unit.addressSize();
      return new DwarfCursor(s.addr(), addrBase + v * size).unsigned(size);
    }
    throw new IllegalArgumentException("an address of form kind " + k);
  }

  private String string(int k, long v) {
    return switch (k) {
      case STR_INFO -> DwarfCursor.stringAt(s.info(), v);
      case STRP -> DwarfCursor.stringAt(s.str(), v);
      case LINE_STRP -> DwarfCursor.stringAt(s.lineStr(), v);
      case STRX -> {
        int size = unit.offsetSize();
        ByteBuffer offsets = s.strOffsets();
        yield DwarfCursor.stringAt(
            s.str(), new DwarfCursor(offsets, strOffsetsBase + v * size).unsigned(size));
      }
      default -> null;
    };
  }

  /** Reads one attribute value of this form; {@link #kind} says what it is. */
  private long value(DwarfCursor c, int form, long implicitConst) {
    int offsetSize = unit.offsetSize();
    int addressSize = unit.addressSize();
    kind = OTHER;
    switch (form) {
      case FORM_ADDR -> {
        kind = ADDR;
        return c.unsigned(addressSize);
      }
      case FORM_ADDRX, FORM_GNU_ADDR_INDEX -> {
        kind = ADDRX;
        return c.uleb();
      }
      case FORM_ADDRX1 -> {
        kind = ADDRX;
        return c.u8();
      }
      case FORM_ADDRX2 -> {
        kind = ADDRX;
        return c.u16();
      }
      case FORM_ADDRX3 -> {
        kind = ADDRX;
        return c.u24();
      }
      case FORM_ADDRX4 -> {
        kind = ADDRX;
        return c.u32();
      }
      case FORM_DATA1, FORM_FLAG -> {
        kind = CONST;
        return c.u8();
      }
      case FORM_DATA2 -> {
        kind = CONST;
        return c.u16();
      }
      case FORM_DATA4 -> {
        kind = CONST;
        return c.u32();
      }
      case FORM_DATA8 -> {
        kind = CONST;
        return c.u64();
      }
      case FORM_SDATA -> {
        kind = CONST;
        return c.sleb();
      }
      case FORM_UDATA -> {
        kind = CONST;
        return c.uleb();
      }
      case FORM_IMPLICIT_CONST -> {
        kind = CONST;
        return implicitConst;
      }
      case FORM_DATA16 -> c.skip(16);
      case FORM_FLAG_PRESENT -> {
        kind = CONST;
        return 1;
      }
      case FORM_STRING -> {
        kind = STR_INFO;
        long at = c.pos;
        c.skipString();
        return at;
      }
      case FORM_STRP -> {
        kind = STRP;
        return c.unsigned(offsetSize);
      }
      case FORM_LINE_STRP -> {
        kind = LINE_STRP;
        return c.unsigned(offsetSize);
      }
      case FORM_STRX, FORM_GNU_STR_INDEX -> {
        kind = STRX;
        return c.uleb();
      }
      case FORM_STRX1 -> {
        kind = STRX;
        return c.u8();
      }
      case FORM_STRX2 -> {
        kind = STRX;
        return c.u16();
      }
      case FORM_STRX3 -> {
        kind = STRX;
        return c.u24();
      }
      case FORM_STRX4 -> {
        kind = STRX;
        return c.u32();
      }
      case FORM_STRP_SUP, FORM_GNU_STRP_ALT, FORM_GNU_REF_ALT -> c.skip(offsetSize);
      case FORM_REF1 -> {
        kind = REF_UNIT;
        return c.u8();
      }
      case FORM_REF2 -> {
        kind = REF_UNIT;
        return c.u16();
      }
      case FORM_REF4 -> {
        kind = REF_UNIT;
        return c.u32();
      }
      case FORM_REF8 -> {
        kind = REF_UNIT;
        return c.u64();
      }
      case FORM_REF_UDATA -> {
        kind = REF_UNIT;
        return c.uleb();
      }
      case FORM_REF_ADDR -> {
        kind = REF_ABS;
        return c.unsigned(unit.version() <= 2 ? addressSize : offsetSize);
      }
      case FORM_REF_SIG8, FORM_REF_SUP8 -> c.skip(8);
      case FORM_REF_SUP4 -> c.skip(4);
      case FORM_SEC_OFFSET -> {
        kind = SEC_OFFSET;
        return c.unsigned(offsetSize);
      }
      case FORM_RNGLISTX -> {
        kind = RNGLISTX;
        return c.uleb();
      }
      case FORM_LOCLISTX -> c.uleb();
      case FORM_EXPRLOC, FORM_BLOCK -> c.skip(c.uleb());
      case FORM_BLOCK1 -> c.skip(c.u8());
      case FORM_BLOCK2 -> c.skip(c.u16());
      case FORM_BLOCK4 -> c.skip(c.u32());
      case FORM_INDIRECT -> {
        int actual = (int) c.uleb();
        if (actual == FORM_INDIRECT || actual == FORM_IMPLICIT_CONST) {
          throw new IllegalArgumentException("DW_FORM_indirect to form " + actual);
        }
        return value(c, actual, 0);
      }
      default ->
          throw new IllegalArgumentException(
              "unknown form 0x" + Integer.toHexString(form) + " at .debug_info 0x" + c.pos);
    }
    return 0;
  }
}
