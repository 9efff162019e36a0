package dev.jtrace.unwind;

import dev.jtrace.elf.ElfException;
import dev.jtrace.elf.ElfFile;
import dev.jtrace.elf.ElfSection;
import dev.jtrace.symbols.BinarySymbols;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The CFI of one binary: its {@code .eh_frame} (what the code ships with for exceptions), and a
 * {@code .debug_frame} from the binary or its separate debug file (build id, {@code
 * .gnu_debuglink}) for the functions the first does not cover. Either may be missing; a section
 * that cannot be read is left out and its problem kept ({@link #problem()}).
 */
public final class BinaryCfi {
  /** A binary without CFI. */
  public static final BinaryCfi NONE = new BinaryCfi(CfiTable.EMPTY, CfiTable.EMPTY, null);

  private final CfiTable ehFrame;
  private final CfiTable debugFrame;
  private final String problem;

  BinaryCfi(CfiTable ehFrame, CfiTable debugFrame, String problem) {
    this.ehFrame = ehFrame;
    this.debugFrame = debugFrame;
    this.problem = problem;
  }

  /** The table holding an FDE for this address (binary's terms), or null. */
  CfiTable tableFor(long address) {
    if (ehFrame.find(address) >= 0) {
      return ehFrame;
    }
    return debugFrame.find(address) >= 0 ? debugFrame : null;
  }

  public CfiTable ehFrame() {
    return ehFrame;
  }

  public CfiTable debugFrame() {
    return debugFrame;
  }

  /** Why a CFI section could not be used, or null. */
  public String problem() {
    return problem;
  }

  /** Reads the CFI of the binary at {@code path} (its debug file looked up under debugRoot). */
  public static BinaryCfi load(Path path, String buildId, Path debugRoot) {
    ElfFile elf;
    try {
      elf = ElfFile.open(path);
    } catch (IOException | ElfException e) {
      return new BinaryCfi(CfiTable.EMPTY, CfiTable.EMPTY, e.getMessage());
    }
    return of(elf, path, buildId, debugRoot);
  }

  /**
   * The CFI of an opened binary; {@code path}/{@code buildId} find its debug file (may be null).
   */
  public static BinaryCfi of(ElfFile elf, Path path, String buildId, Path debugRoot) {
    String problem = null;
    CfiTable eh = CfiTable.EMPTY;
    CfiTable debug = CfiTable.EMPTY;
    try {
      ElfSection s = elf.section(".eh_frame");
      if (s != null && s.type() != ElfSection.SHT_NOBITS) {
        eh = CfiTable.ehFrame(elf.name() + "[.eh_frame]", elf.data(s), s.addr());
      }
    } catch (CfiException | ElfException e) {
      problem = e.getMessage();
    }
    try {
      ElfFile holder = elf;
      ElfSection s = elf.section(".debug_frame");
      if ((s == null || s.type() == ElfSection.SHT_NOBITS) && path != null && debugRoot != null) {
        holder = BinarySymbols.debugFile(elf, path, buildId, debugRoot);
        s = holder == null ? null : holder.section(".debug_frame");
      }
      if (s != null && s.type() != ElfSection.SHT_NOBITS) {
        debug = CfiTable.debugFrame(holder.name() + "[.debug_frame]", holder.data(s));
      }
    } catch (CfiException | ElfException e) {
      problem = problem == null ? e.getMessage() : problem + "; " + e.getMessage();
    }
    return new BinaryCfi(eh, debug, problem);
  }
}
