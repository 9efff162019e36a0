package dev.jtrace.tracer.bpf;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds eBPF programs instruction by instruction, with named labels for forward jumps. Each
 * instruction is one little-endian 64-bit word: opcode, dst and src registers, a 16-bit offset and
 * a 32-bit immediate.
 */
final class BpfAssembler {
  static final int R0 = 0,
      R1 = 1,
      R2 = 2,
      R3 = 3,
      R4 = 4,
      R5 = 5,
      R6 = 6,
      R7 = 7,
      R8 = 8,
      R9 = 9,
      R10 = 10;

  // Classes, sizes, modes, operations (linux/bpf_common.h, linux/bpf.h).
  private static final int LD = 0x00,
      LDX = 0x01,
      ST = 0x02,
      STX = 0x03,
      ALU = 0x04,
      JMP = 0x05,
      ALU64 = 0x07;
  static final int W = 0x00, H = 0x08, B = 0x10, DW = 0x18;
  private static final int IMM = 0x00, MEM = 0x60;
  private static final int K = 0x00, X = 0x08;
  static final int ADD = 0x00, SUB = 0x10, MUL = 0x20, OR = 0x40, AND = 0x50;
  static final int LSH = 0x60, RSH = 0x70, MOV = 0xb0, ARSH = 0xc0;
  static final int JEQ = 0x10, JGT = 0x20, JNE = 0x50, JSLT = 0xc0, JSLE = 0xd0;
  static final int JGE = 0x30, JSET = 0x40, JSGT = 0x60, JSGE = 0x70, JLT = 0xa0, JLE = 0xb0;
  private static final int JA = 0x00, CALL = 0x80, EXIT = 0x90;
  private static final int JCOND = 0xe0; // with src 0: may_goto
  private static final int PSEUDO_MAP_FD = 1;

  private final List<long[]> insns = new ArrayList<>(); // {word, pending label index or -1}
  private final Map<String, Integer> labels = new HashMap<>();
  private final List<String> pendingLabels = new ArrayList<>();

  private static long word(int opcode, int dst, int src, int off, int imm) {
    return (opcode & 0xffL)
        | ((dst & 0xfL) << 8)
        | ((src & 0xfL) << 12)
        | ((off & 0xffffL) << 16)
        | ((imm & 0xffffffffL) << 32);
  }

  private BpfAssembler add(long word) {
    insns.add(new long[] {word, -1});
    return this;
  }

  private BpfAssembler jump(long word, String label) {
    pendingLabels.add(label);
    insns.add(new long[] {word, pendingLabels.size() - 1});
    return this;
  }

  /**
   * A binary tree of compares of reg against values (sorted), jumping to the target of the one it
   * equals, else to none; newLabel makes the tree's own labels unique in the program.
   */
  BpfAssembler dispatch(
      int reg,
      List<Integer> values,
      List<String> targets,
      String none,
      java.util.function.UnaryOperator<String> newLabel) {
    dispatch(reg, values, targets, 0, values.size() - 1, none, newLabel);
    return this;
  }

  private void dispatch(
      int reg,
      List<Integer> values,
      List<String> targets,
      int lo,
      int hi,
      String none,
      java.util.function.UnaryOperator<String> newLabel) {
    if (hi - lo < 4) {
      for (int i = lo; i <= hi; i++) {
        jumpImm(JEQ, reg, values.get(i), targets.get(i));
      }
      jumpAlways(none);
      return;
    }
    int mid = (lo + hi) >>> 1;
    String right = newLabel.apply("upper");
    jumpImm(JGT, reg, values.get(mid), right);
    dispatch(reg, values, targets, lo, mid, none, newLabel);
    label(right);
    dispatch(reg, values, targets, mid + 1, hi, none, newLabel);
  }

  BpfAssembler label(String name) {
    if (labels.putIfAbsent(name, insns.size()) != null) {
      throw new IllegalArgumentException("label defined twice: " + name);
    }
    return this;
  }

  BpfAssembler movReg(int dst, int src) {
    return add(word(ALU64 | MOV | X, dst, src, 0, 0));
  }

  BpfAssembler movImm(int dst, int imm) {
    return add(word(ALU64 | MOV | K, dst, 0, 0, imm));
  }

  /** 32-bit move: the upper half is zeroed, so {@code -1} gives 0xffffffff. */
  BpfAssembler mov32Imm(int dst, int imm) {
    return add(word(ALU | MOV | K, dst, 0, 0, imm));
  }

  /** 32-bit register move: dst is src's low half, zero-extended. */
  BpfAssembler mov32Reg(int dst, int src) {
    return add(word(ALU | MOV | X, dst, src, 0, 0));
  }

  BpfAssembler aluImm(int op, int dst, int imm) {
    return add(word(ALU64 | op | K, dst, 0, 0, imm));
  }

  BpfAssembler aluReg(int op, int dst, int src) {
    return add(word(ALU64 | op | X, dst, src, 0, 0));
  }

  BpfAssembler load(int size, int dst, int src, int off) {
    return add(word(LDX | size | MEM, dst, src, off, 0));
  }

  BpfAssembler store(int size, int dst, int off, int src) {
    return add(word(STX | size | MEM, dst, src, off, 0));
  }

  BpfAssembler storeImm(int size, int dst, int off, int imm) {
    return add(word(ST | size | MEM, dst, 0, off, imm));
  }

  /** Loads a map's fd as a map pointer (a two-word instruction the kernel rewrites). */
  BpfAssembler loadMap(int dst, int mapFd) {
    add(word(LD | IMM | DW, dst, PSEUDO_MAP_FD, 0, mapFd));
    return add(0);
  }

  /** Loads a 64-bit constant (a two-word instruction). */
  BpfAssembler loadImm64(int dst, long imm) {
    add(word(LD | IMM | DW, dst, 0, 0, (int) imm));
    return add(word(0, 0, 0, 0, (int) (imm >>> 32)));
  }

  BpfAssembler jumpImm(int op, int dst, int imm, String label) {
    return jump(word(JMP | op | K, dst, 0, 0, imm), label);
  }

  /** Jumps when dst op src (registers). */
  BpfAssembler jumpReg(int op, int dst, int src, String label) {
    return jump(word(JMP | op | X, dst, src, 0, 0), label);
  }

  BpfAssembler jumpAlways(String label) {
    return jump(word(JMP | JA, 0, 0, 0, 0), label);
  }

  /**
   * may_goto (kernel 6.9): jumps to label once the kernel's budget of loop iterations for this run
   * of the program is spent, else falls through. A loop through it is checked by the verifier until
   * its state repeats, not once per iteration.
   */
  BpfAssembler mayGoto(String label) {
    return jump(word(JMP | JCOND, 0, 0, 0, 0), label);
  }

  BpfAssembler call(int helper) {
    return add(word(JMP | CALL, 0, 0, 0, helper));
  }

  BpfAssembler exit() {
    return add(word(JMP | EXIT, 0, 0, 0, 0));
  }

  /** The program's words, with every jump offset resolved. */
  long[] build() {
    long[] out = new long[insns.size()];
    for (int i = 0; i < out.length; i++) {
      long[] insn = insns.get(i);
      long w = insn[0];
      if (insn[1] >= 0) {
        String name = pendingLabels.get((int) insn[1]);
        Integer target = labels.get(name);
        if (target == null) {
          throw new IllegalArgumentException("undefined label: " + name);
        }
        int off = target - i - 1;
        if (off != (short) off) {
          // a jump's offset is 16 bits: a program this long needs fewer contents
          throw new IllegalStateException(
              "BPF program of " + out.length + " instructions: a jump to " + name + " is too far");
        }
        w = (w & ~(0xffffL << 16)) | ((off & 0xffffL) << 16);
      }
      out[i] = w;
    }
    return out;
  }
}
