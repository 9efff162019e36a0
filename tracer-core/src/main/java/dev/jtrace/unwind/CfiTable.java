package dev.jtrace.unwind;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The frame description entries of one {@code .eh_frame} or {@code .debug_frame} section, indexed
 * once by the address range each covers (sorted, looked up by binary search), with the common
 * information entries they share. Addresses are the binary's own (link-time virtual addresses). The
 * instructions are run per lookup by {@link CfiInterpreter}.
 */
public final class CfiTable {
  /** A table with no entries. */
  public static final CfiTable EMPTY =
      new CfiTable(
          "none",
          ByteBuffer.allocate(0),
          0,
          new long[0],
          new long[0],
          new int[0],
          new int[0],
          new int[0],
          List.of());

  /** What a CIE says about the FDEs that use it. */
  record Cie(
      long codeAlign,
      long dataAlign,
      int returnColumn,
      int fdeEncoding,
      boolean augmentationData,
      boolean signalFrame,
      int instructions,
      int instructionsEnd) {}

  final String name;
  final ByteBuffer data;

  /** Where the section is loaded (0 for .debug_frame), for pc-relative pointers in set_loc. */
  final long address;

  private final long[] starts;
  private final long[] ends;
  private final int[] instructions;
  private final int[] instructionsEnd;
  private final int[] cieOf;
  private final List<Cie> cies;

  private CfiTable(
      String name,
      ByteBuffer data,
      long address,
      long[] starts,
      long[] ends,
      int[] instructions,
      int[] instructionsEnd,
      int[] cieOf,
      List<Cie> cies) {
    this.name = name;
    this.data = data;
    this.address = address;
    this.starts = starts;
    this.ends = ends;
    this.instructions = instructions;
    this.instructionsEnd = instructionsEnd;
    this.cieOf = cieOf;
    this.cies = cies;
  }

  /** FDEs in the table. */
  public int size() {
    return starts.length;
  }

  /** The index of the FDE covering this address, or -1. */
  public int find(long address) {
    int i = Arrays.binarySearch(starts, address);
    if (i < 0) {
      i = -i - 2;
    }
    // ranges may nest or overlap in odd files: the nearest start at or below wins, if it covers
    return i >= 0 && address < ends[i] ? i : -1;
  }

  long start(int fde) {
    return starts[fde];
  }

  long end(int fde) {
    return ends[fde];
  }

  int instructions(int fde) {
    return instructions[fde];
  }

  int instructionsEnd(int fde) {
    return instructionsEnd[fde];
  }

  Cie cie(int fde) {
    return cies.get(cieOf[fde]);
  }

  /**
   * Indexes a {@code .eh_frame} section loaded at {@code address} (its pc-relative pointers are
   * relative to it).
   */
  public static CfiTable ehFrame(String name, ByteBuffer bytes, long address) throws CfiException {
    return parse(name, bytes, address, true);
  }

  /** Indexes a {@code .debug_frame} section (absolute addresses, DWARF 2 to 5 CIEs). */
  public static CfiTable debugFrame(String name, ByteBuffer bytes) throws CfiException {
    return parse(name, bytes, 0, false);
  }

  private static CfiTable parse(String name, ByteBuffer bytes, long address, boolean eh)
      throws CfiException {
    ByteBuffer data = bytes.slice().order(bytes.order());
    CfiReader r = new CfiReader(name, data, address);
    Map<Integer, Integer> cieIndex = new HashMap<>();
    List<Cie> cies = new ArrayList<>();
    List<long[]> fdes = new ArrayList<>(); // {start, end, instructions, instructionsEnd, cie}
    while (r.p < data.limit()) {
      int entry = r.p;
      r.end = data.limit();
      long length = r.u32("entry length");
      if (length == 0) {
        if (eh) {
          break; // the terminator
        }
        continue;
      }
      boolean dwarf64 = length == 0xffffffffL;
      if (dwarf64) {
        length = r.u64("64-bit entry length");
      }
      int idAt = r.p;
      if (length < 0 || length > data.limit() - idAt) {
        throw r.bad("entry length " + Long.toUnsignedString(length) + " runs past the section");
      }
      int entryEnd = idAt + (int) length;
      r.end = entryEnd;
      long id = dwarf64 ? r.u64("CIE id") : r.u32("CIE id");
      boolean isCie = eh ? id == 0 : (dwarf64 ? id == -1L : id == 0xffffffffL);
      if (isCie) {
        r.p = entry;
        cie(r, entry, eh, cieIndex, cies);
      } else {
        long cieAt = eh ? idAt - id : id;
        if (cieAt < 0 || cieAt >= data.limit()) {
          throw new CfiException(name, idAt, "FDE's CIE pointer 0x" + Long.toHexString(id));
        }
        Integer c = cieIndex.get((int) cieAt);
        if (c == null) {
          int save = r.p;
          int saveEnd = r.end;
          r.p = (int) cieAt;
          r.end = data.limit();
          c = cie(r, (int) cieAt, eh, cieIndex, cies);
          r.p = save;
          r.end = saveEnd;
        }
        Cie cie = cies.get(c);
        long start = r.pointer(cie.fdeEncoding(), "FDE pc begin");
        long range = r.pointer(cie.fdeEncoding() & 0x0f, "FDE pc range");
        if (cie.augmentationData()) {
          int n = r.ulebInt("FDE augmentation length");
          if (n > r.end - r.p) {
            throw r.bad("FDE augmentation data past the entry");
          }
          r.p += n;
        }
        if (range != 0) {
          fdes.add(new long[] {start, start + range, r.p, entryEnd, c});
        }
      }
      r.p = entryEnd;
    }
    fdes.sort((a, b) -> Long.compare(a[0], b[0]));
    int n = fdes.size();
    long[] starts = new long[n];
    long[] ends = new long[n];
    int[] ins = new int[n];
    int[] insEnd = new int[n];
    int[] cieOf = new int[n];
    for (int i = 0; i < n; i++) {
      long[] f = fdes.get(i);
      starts[i] = f[0];
      ends[i] = f[1];
      ins[i] = (int) f[2];
      insEnd[i] = (int) f[3];
      cieOf[i] = (int) f[4];
    }
    return new CfiTable(name, data, address, starts, ends, ins, insEnd, cieOf, List.copyOf(cies));
  }

  /** Reads the CIE at {@code at} (the reader there), adds it, returns its index. */
  private static int cie(
      CfiReader r, int at, boolean eh, Map<Integer, Integer> index, List<Cie> cies)
      throws CfiException {
    Integer known = index.get(at);
    if (known != null) {
      return known;
    }
    long length = r.u32("CIE length");
    boolean dwarf64 = length == 0xffffffffL;
    if (dwarf64) {
      length = r.u64("CIE 64-bit length");
    }
    if (length <= 0 || length > r.b.limit() - r.p) {
      throw r.bad("CIE length " + Long.toUnsignedString(length) + " runs past the section");
    }
    int end = r.p + (int) length;
    r.end = end;
    long id = dwarf64 ? r.u64("CIE id") : r.u32("CIE id");
    boolean cieId = eh ? id == 0 : (dwarf64 ? id == -1L : id == 0xffffffffL);
    if (!cieId) {
      throw new CfiException(r.section, at, "an FDE's CIE pointer leads to an FDE");
    }
    int version = r.u8("CIE version");
    if (version != 1 && version != 3 && version != 4) {
      throw new CfiException(r.section, at, "unknown CIE version " + version);
    }
    StringBuilder aug = new StringBuilder();
    for (int c; (c = r.u8("CIE augmentation")) != 0; ) {
      aug.append((char) c);
    }
    String augmentation = aug.toString();
    if (version == 4) {
      int addressSize = r.u8("CIE address size");
      r.u8("CIE segment size");
      if (addressSize != 8 && addressSize != 0) {
        throw new CfiException(r.section, at, "address size " + addressSize + " (64-bit only)");
      }
    }
    long codeAlign = r.uleb("code alignment");
    long dataAlign = r.sleb("data alignment");
    int returnColumn = version == 1 ? r.u8("return column") : r.ulebInt("return column");
    int fdeEncoding = eh ? CfiReader.PE_ABSPTR : CfiReader.PE_UDATA8;
    boolean z = augmentation.startsWith("z");
    boolean signal = false;
    if (z) {
      int n = r.ulebInt("CIE augmentation length");
      if (n > r.end - r.p) {
        throw r.bad("CIE augmentation data past the entry");
      }
      int dataEnd = r.p + n;
      for (int i = 1; i < augmentation.length(); i++) {
        switch (augmentation.charAt(i)) {
          case 'R' -> fdeEncoding = r.u8("FDE pointer encoding");
          case 'L' -> r.u8("LSDA encoding");
          case 'P' -> {
            int enc = r.u8("personality encoding");
            r.pointer(enc & ~CfiReader.PE_INDIRECT, "personality routine");
          }
          case 'S' -> signal = true;
          case 'B', 'G' -> {} // aarch64 BTI and MTE marks: nothing for the unwinder
          default -> i = augmentation.length(); // unknown: the length lets us skip the rest
        }
      }
      r.p = dataEnd;
    } else if (!augmentation.isEmpty()) {
      throw new CfiException(r.section, at, "unknown CIE augmentation \"" + augmentation + "\"");
    }
    int i = cies.size();
    cies.add(new Cie(codeAlign, dataAlign, returnColumn, fdeEncoding, z, signal, r.p, end));
    index.put(at, i);
    r.end = end;
    return i;
  }

  /** Little-endian view helper for tests and loaders. */
  static ByteBuffer le(byte[] bytes) {
    return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
  }
}
