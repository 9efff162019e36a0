package dev.jtrace.unwind;

/**
 * An architecture's registers as the unwinder sees them: DWARF register numbers (the CFI's), which
 * of them are the stack pointer and the return address column, and how the kernel's sampled user
 * registers (PERF_SAMPLE_REGS_USER, one u64 per bit of {@code sample_regs_user}, in bit order) map
 * onto them.
 */
public interface RegisterModel {
  /** DWARF registers tracked (rules for higher numbers, vector registers, are ignored). */
  int registers();

  /** The DWARF number of the stack pointer; the CFA becomes the caller's stack pointer. */
  int stackPointer();

  /** The DWARF number of the frame pointer (x86_64 rbp). */
  int framePointer();

  /** The DWARF column of the return address (and the current pc of a frame). */
  int returnAddress();

  /** The {@code sample_regs_user} mask to ask the kernel for. */
  long sampleMask();

  /**
   * Fills {@code dwarf} (and {@code known}) from the sampled registers: {@code values} holds one
   * u64 per set bit of {@code mask}, in bit order, from {@code from}. Returns false when the pc or
   * the stack pointer is missing.
   */
  boolean fromPerf(long mask, long[] values, int from, int count, long[] dwarf, boolean[] known);

  /** The same from a record in memory: {@code count} u64s at {@code offset}. */
  boolean fromPerf(
      long mask,
      java.lang.foreign.MemorySegment s,
      long offset,
      int count,
      long[] dwarf,
      boolean[] known);

  /** The model for an ELF machine, or null when none is written yet. */
  static RegisterModel forMachine(int elfMachine) {
    return elfMachine == dev.jtrace.elf.ElfFile.EM_X86_64 ? X86_64Registers.INSTANCE : null;
  }

  /** This JVM's architecture's model, or null. */
  static RegisterModel host() {
    String arch = System.getProperty("os.arch");
    return arch.equals("amd64") || arch.equals("x86_64") ? X86_64Registers.INSTANCE : null;
  }
}
