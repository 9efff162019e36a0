package dev.jtrace.unwind;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jtrace.dwarf.InlineWorkload;
import dev.jtrace.elf.ElfFile;
import dev.jtrace.elf.ElfSection;
import dev.jtrace.elf.ElfSymbol;
import dev.jtrace.symbols.StacksWorkload;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The CFI parser and interpreter on real binaries (the stacks workload built without frame
 * pointers, this machine's libc): every function has an FDE whose row at its entry is the x86_64
 * call's (CFA = rsp + 8, return address at CFA - 8); the linker's PLT expression computes the right
 * CFA on both sides of its push; .debug_frame of a binary built without unwind tables reads too;
 * and damaged sections fail only with a CfiException.
 */
class CfiTableTest {
  private static final int RSP = 7;
  private static final int RA = 16;
  private static final Path LIBC = Path.of("/usr/lib/x86_64-linux-gnu/libc.so.6");

  private static CfiTable ehFrame(ElfFile elf) throws Exception {
    ElfSection s = elf.section(".eh_frame");
    return CfiTable.ehFrame(elf.name(), elf.data(s), s.addr());
  }

  private static void assertEntryRow(CfiTable t, long address) throws Exception {
    CfiRow row = new CfiRow();
    int fde = t.find(address);
    assertThat(fde).isAtLeast(0);
    new CfiInterpreter().rowAt(t, fde, address, row);
    assertThat(row.cfaIsExpression).isFalse();
    assertThat(row.cfaRegister).isEqualTo(RSP);
    assertThat(row.cfaOffset).isEqualTo(8);
    assertThat(row.kind[RA]).isEqualTo(CfiRow.OFFSET);
    assertThat(row.value[RA]).isEqualTo(-8);
  }

  @Test
  void everyFunctionOfTheWorkloadHasItsEntryRow() throws Exception {
    ElfFile elf = ElfFile.open(StacksWorkload.noFramePointers());
    CfiTable t = ehFrame(elf);
    for (String name : StacksWorkload.CALLERS) {
      ElfSymbol f =
          elf.symbols(".symtab").stream().filter(s -> s.name().equals(name)).findFirst().get();
      assertEntryRow(t, f.value());
      // inside the body (after `sub rsp`), the CFA is still found from rsp with a larger offset
      CfiRow row = new CfiRow();
      long inside = f.value() + f.size() / 2;
      new CfiInterpreter().rowAt(t, t.find(inside), inside, row);
      assertThat(row.cfaRegister).isEqualTo(RSP);
      assertThat(row.cfaOffset).isAtLeast(8L);
    }
  }

  @Test
  void libcEveryFdeInterpretsAndEntriesAreCalls() throws Exception {
    assumeTrue(Files.isReadable(LIBC), "no " + LIBC);
    CfiTable t = ehFrame(ElfFile.open(LIBC));
    assertThat(t.size()).isGreaterThan(1000);
    CfiInterpreter interpreter = new CfiInterpreter();
    CfiRow row = new CfiRow();
    int calls = 0;
    for (int i = 0; i < t.size(); i++) {
      interpreter.rowAt(t, i, t.start(i), row);
      if (!row.cfaIsExpression && row.cfaRegister == RSP && row.cfaOffset == 8) {
        calls++;
      }
      interpreter.rowAt(t, i, t.end(i) - 1, row);
      interpreter.rowAt(t, i, (t.start(i) + t.end(i)) >>> 1, row);
    }
    // all but signal trampolines and a few hand-written entries start as a call does
    assertThat(calls).isAtLeast(t.size() * 95 / 100);
  }

  /**
   * gcc -O2 puts an epilogue in the middle of main between remember_state and restore_state: after
   * that epilogue's ret, restore_state brings back every rule, the CFA's too (else the frames under
   * main were read from the wrong place).
   */
  @Test
  void restoreStateBringsBackTheCfa() throws Exception {
    ElfFile elf = ElfFile.open(InlineWorkload.noFramePointers());
    CfiTable t = ehFrame(elf);
    ElfSymbol main =
        elf.symbols(".symtab").stream().filter(s -> s.name().equals("main")).findFirst().get();
    CfiInterpreter interpreter = new CfiInterpreter();
    CfiRow row = new CfiRow();
    long deepest = 0;
    long ret = main.value() + 1;
    for (; ret < main.value() + main.size(); ret++) {
      interpreter.rowAt(t, t.find(ret), ret, row);
      if (row.cfaOffset == 8 && deepest > 8) {
        break; // the mid-function epilogue's ret (past the prologue's pushes)
      }
      deepest = Math.max(deepest, row.cfaOffset);
    }
    assertThat(ret).isLessThan(main.value() + main.size());
    assertThat(deepest).isGreaterThan(8L);
    interpreter.rowAt(t, t.find(ret + 1), ret + 1, row);
    assertThat(row.cfaRegister).isEqualTo(RSP);
    assertThat(row.cfaOffset).isEqualTo(deepest);
  }

  @Test
  void pltExpressionGivesTheCfaBeforeAndAfterItsPush() throws Exception {
    ElfFile elf = ElfFile.open(StacksWorkload.noFramePointers());
    ElfSection plt = elf.section(".plt");
    assumeTrue(plt != null, "the workload has no .plt");
    CfiTable t = ehFrame(elf);
    long entry = plt.addr() + 16; // the first PLT entry after PLT0
    int fde = t.find(entry);
    assertThat(fde).isAtLeast(0);
    CfiRow row = new CfiRow();
    new CfiInterpreter().rowAt(t, fde, entry, row);
    assertThat(row.cfaIsExpression).isTrue();
    long[] regs = new long[17];
    boolean[] known = new boolean[17];
    known[RSP] = true;
    known[RA] = true;
    regs[RSP] = 0x7ffc0000L;
    StackCopy none = new StackCopy().reset(MemorySegment.NULL, 0, 0, 0);
    DwarfExpression e = new DwarfExpression();
    regs[RA] = entry; // at the jmp: only the return address is on the stack
    long cfa =
        e.evaluate(t, row.cfaExpression, row.cfaExpressionLength, regs, known, none, false, 0);
    assertThat(e.failed()).isFalse();
    assertThat(cfa).isEqualTo(regs[RSP] + 8);
    regs[RA] = entry + 11; // after the push of the relocation index
    cfa = e.evaluate(t, row.cfaExpression, row.cfaExpressionLength, regs, known, none, false, 0);
    assertThat(cfa).isEqualTo(regs[RSP] + 16);
  }

  @Test
  void debugFrameOfABinaryWithoutUnwindTables() throws Exception {
    Path bin = StacksWorkload.withoutUnwindTables();
    ElfFile elf = ElfFile.open(bin);
    ElfSection s = elf.section(".debug_frame");
    assumeTrue(s != null, "gcc emitted no .debug_frame");
    CfiTable t = CfiTable.debugFrame(elf.name(), elf.data(s));
    BinaryCfi cfi = BinaryCfi.of(elf, bin, elf.buildId(), null);
    for (String name : StacksWorkload.CALLERS) {
      ElfSymbol f =
          elf.symbols(".symtab").stream().filter(x -> x.name().equals(name)).findFirst().get();
      assertEntryRow(t, f.value());
      assertThat(cfi.tableFor(f.value())).isNotNull();
    }
  }

  @Test
  void truncatedAndBadEntriesAreCfiExceptions() {
    ByteBuffer b = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(0, 100); // a length past the section
    CfiException e = assertThrows(CfiException.class, () -> CfiTable.ehFrame("t[.eh_frame]", b, 0));
    assertThat(e.getMessage()).contains("t[.eh_frame] at 0x4");
    ByteBuffer v = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
    v.putInt(0, 12).putInt(4, 0).put(8, (byte) 9); // a CIE of version 9
    e = assertThrows(CfiException.class, () -> CfiTable.ehFrame("t[.eh_frame]", v, 0));
    assertThat(e.getMessage()).contains("unknown CIE version 9");
  }

  /**
   * Fuzz: .eh_frame of the workload and of libc with bytes overwritten or cut: parsing and
   * interpreting every FDE read either works or fails with a CfiException, nothing else escapes.
   */
  @Test
  void damagedSectionsFailOnlyWithCfiException() throws Exception {
    long seed = Long.getLong("jtrace.fuzz.seed", 11);
    Random random = new Random(seed);
    for (Path p : List.of(StacksWorkload.noFramePointers(), LIBC)) {
      if (!Files.isReadable(p)) {
        continue;
      }
      ElfFile elf = ElfFile.open(p);
      ElfSection s = elf.section(".eh_frame");
      byte[] image = elf.bytes(s);
      int rounds = p.equals(LIBC) ? 150 : 1500;
      CfiInterpreter interpreter = new CfiInterpreter();
      CfiRow row = new CfiRow();
      int parsed = 0;
      for (int round = 0; round < rounds; round++) {
        byte[] m = image.clone();
        int flips = 1 + random.nextInt(16);
        for (int i = 0; i < flips; i++) {
          m[random.nextInt(Math.min(m.length, p.equals(LIBC) ? 4096 : m.length))] =
              (byte) random.nextInt(256);
        }
        if (random.nextInt(4) == 0) {
          m = java.util.Arrays.copyOf(m, random.nextInt(m.length));
        }
        CfiTable t;
        try {
          t = CfiTable.ehFrame("mutant-" + seed + "-" + round, CfiTable.le(m), s.addr());
          parsed++;
        } catch (CfiException e) {
          continue;
        }
        for (int i = 0; i < Math.min(t.size(), 64); i++) {
          try {
            interpreter.rowAt(t, i, t.end(i) - 1, row);
          } catch (CfiException e) {
            assertThat(e.getMessage()).startsWith("mutant-");
          }
        }
      }
      assertThat(parsed).isGreaterThan(0);
    }
  }
}
