package dev.jtrace.dwarf;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/** One abbreviation table of {@code .debug_abbrev}: per code, a DIE's tag and attribute forms. */
final class Abbreviations {
  /** One abbreviation: the tag, whether children follow, and each attribute's name and form. */
  record Abbrev(int tag, boolean children, int[] names, int[] forms, long[] implicitConsts) {}

  private final Map<Long, Abbrev> byCode = new HashMap<>();
  private Abbrev[] small = new Abbrev[0];

  /** Parses the table at this offset (up to its terminating 0 code). */
  static Abbreviations parse(ByteBuffer section, long offset) {
    Abbreviations t = new Abbreviations();
    DwarfCursor c = new DwarfCursor(section, offset);
    int[] names = new int[16];
    int[] forms = new int[16];
    long[] consts = new long[16];
    while (true) {
      long code = c.uleb();
      if (code == 0) {
        return t;
      }
      int tag = (int) c.uleb();
      boolean children = c.u8() != 0;
      int n = 0;
      while (true) {
        int name = (int) c.uleb();
        int form = (int) c.uleb();
        long implicit = form == DwarfConstants.FORM_IMPLICIT_CONST ? c.sleb() : 0;
        if (name == 0 && form == 0) {
          break;
        }
        if (n == names.length) {
          names = Arrays.copyOf(names, n * 2);
          forms = Arrays.copyOf(forms, n * 2);
          consts = Arrays.copyOf(consts, n * 2);
        }
        names[n] = name;
        forms[n] = form;
        consts[n] = implicit;
        n++;
      }
      t.put(
          code,
          new Abbrev(
              tag,
              children,
              Arrays.copyOf(names, n),
              Arrays.copyOf(forms, n),
              Arrays.copyOf(consts, n)));
    }
  }

  private void put(long code, Abbrev a) {
    if (code > 0 && code < 4096) {
      if (code >= small.length) {
        small = Arrays.copyOf(small, (int) Math.max(code + 1, small.length * 2L));
      }
      small[(int) code] = a;
    } else {
      byCode.put(code, a);
    }
  }

  /** The abbreviation of this code, or null. */
  Abbrev get(long code) {
    return code > 0 && code < small.length ? small[(int) code] : byCode.get(code);
  }
}
