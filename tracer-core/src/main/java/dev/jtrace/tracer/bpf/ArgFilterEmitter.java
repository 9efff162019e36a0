package dev.jtrace.tracer.bpf;

import static dev.jtrace.tracer.bpf.BpfAssembler.ADD;
import static dev.jtrace.tracer.bpf.BpfAssembler.AND;
import static dev.jtrace.tracer.bpf.BpfAssembler.ARSH;
import static dev.jtrace.tracer.bpf.BpfAssembler.B;
import static dev.jtrace.tracer.bpf.BpfAssembler.DW;
import static dev.jtrace.tracer.bpf.BpfAssembler.JEQ;
import static dev.jtrace.tracer.bpf.BpfAssembler.JGE;
import static dev.jtrace.tracer.bpf.BpfAssembler.JGT;
import static dev.jtrace.tracer.bpf.BpfAssembler.JLE;
import static dev.jtrace.tracer.bpf.BpfAssembler.JLT;
import static dev.jtrace.tracer.bpf.BpfAssembler.JNE;
import static dev.jtrace.tracer.bpf.BpfAssembler.JSGE;
import static dev.jtrace.tracer.bpf.BpfAssembler.JSGT;
import static dev.jtrace.tracer.bpf.BpfAssembler.JSLE;
import static dev.jtrace.tracer.bpf.BpfAssembler.JSLT;
import static dev.jtrace.tracer.bpf.BpfAssembler.LSH;
import static dev.jtrace.tracer.bpf.BpfAssembler.R0;
import static dev.jtrace.tracer.bpf.BpfAssembler.R1;
import static dev.jtrace.tracer.bpf.BpfAssembler.R10;
import static dev.jtrace.tracer.bpf.BpfAssembler.R2;
import static dev.jtrace.tracer.bpf.BpfAssembler.R3;
import static dev.jtrace.tracer.bpf.BpfAssembler.R7;
import static dev.jtrace.tracer.bpf.BpfAssembler.R8;
import static dev.jtrace.tracer.bpf.BpfAssembler.R9;
import static dev.jtrace.tracer.bpf.BpfAssembler.RSH;
import static dev.jtrace.tracer.bpf.BpfAssembler.SUB;
import static dev.jtrace.tracer.bpf.BpfAssembler.W;

import dev.jtrace.tracer.filter.BoundFilter;
import dev.jtrace.tracer.filter.FilterExpr.Op;
import dev.jtrace.tracer.filter.GlobPattern;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Compiles {@code --filter} into the sys_enter program, after the arguments are saved in the
 * thread's record (R9) and before any content is copied: per syscall number (R7) its {@link
 * BoundFilter} as a tree of jumps, numeric tests on the saved arguments, globs on the string read
 * into a per-CPU scratch buffer. Loop-free: a glob is a head and a tail compared at known offsets.
 * A call whose string cannot be read at entry (its page not resident yet) is decided again at exit,
 * when the kernel has faulted the page in; one still unreadable then is shown, not dropped.
 * Syscalls without a filter (those captured for the fd table, not printed) always pass.
 *
 * <p>Uses R0-R5 and R8 (free until the contents start), and two stack slots the caller gives.
 */
final class ArgFilterEmitter {
  private static final int HELPER_MAP_LOOKUP = 1;
  private static final int HELPER_PROBE_READ_USER_STR = 114;

  /** The scratch buffer: the longest string read, NUL included (PATH_MAX). */
  static final int SCRATCH_BYTES = ContentPlan.MAX_STRING;

  private final TreeMap<Integer, BoundFilter> filters = new TreeMap<>();
  private final int scratchMap;
  private final int keySlot;
  private final int pointerSlot;
  private int labels;

  /**
   * @param filters per syscall number, its bound filter (numbers without one are not filtered)
   * @param scratchMap a per-CPU array of one {@link #SCRATCH_BYTES} value, or -1 when no filter
   *     reads a string
   * @param keySlot, pointerSlot free 8-byte stack slots (fp-relative)
   */
  ArgFilterEmitter(
      Map<Integer, BoundFilter> filters, int scratchMap, int keySlot, int pointerSlot) {
    filters.forEach(
        (nr, f) -> {
          if (f != BoundFilter.TRUE) {
            this.filters.put(nr, f);
          }
        });
    this.scratchMap = scratchMap;
    this.keySlot = keySlot;
    this.pointerSlot = pointerSlot;
  }

  /**
   * A return whose entry was not seen has no arguments to test: for a filtered syscall it jumps to
   * out (dropped), else falls through.
   */
  void dropUnknown(BpfAssembler a, String out) {
    if (filters.isEmpty()) {
      return;
    }
    String kept = label("unknown_kept");
    List<Integer> nrs = new ArrayList<>(filters.keySet());
    List<String> targets = new ArrayList<>();
    for (int i = 0; i < nrs.size(); i++) {
      targets.add(out);
    }
    a.dispatch(R7, nrs, targets, kept, this::label);
    a.label(kept);
  }

  /** Whether any syscall is filtered (else nothing is emitted). */
  boolean filters() {
    return !filters.isEmpty();
  }

  /** Whether any syscall's filter reads a string: the capture makes the scratch map then. */
  static boolean readsStrings(Map<Integer, BoundFilter> filters) {
    return filters.values().stream().anyMatch(ArgFilterEmitter::readsString);
  }

  private static boolean readsString(BoundFilter f) {
    return switch (f) {
      case BoundFilter.And a -> readsString(a.left()) || readsString(a.right());
      case BoundFilter.Or o -> readsString(o.left()) || readsString(o.right());
      case BoundFilter.Not n -> readsString(n.operand());
      case BoundFilter.Glob g -> true;
      default -> false;
    };
  }

  private String label(String what) {
    return "filter_" + what + "_" + labels++;
  }

  /**
   * Jumps to pass, to reject, or to undecided (a string not readable now); falls through nowhere.
   */
  void emit(BpfAssembler a, String pass, String reject, String undecided) {
    if (filters.isEmpty()) {
      a.jumpAlways(pass);
      return;
    }
    List<Integer> nrs = new ArrayList<>(filters.keySet());
    List<String> targets = new ArrayList<>();
    for (int nr : nrs) {
      targets.add(label("nr" + nr));
    }
    a.dispatch(R7, nrs, targets, pass, this::label);
    for (int i = 0; i < nrs.size(); i++) {
      a.label(targets.get(i));
      test(a, filters.get(nrs.get(i)), pass, reject, undecided);
    }
  }

  /** Jumps to yes when f holds, to no when not, to undecided when a string cannot be read. */
  private void test(BpfAssembler a, BoundFilter f, String yes, String no, String undecided) {
    switch (f) {
      case BoundFilter.Constant c -> a.jumpAlways(c.value() ? yes : no);
      case BoundFilter.And x -> {
        String right = label("and");
        test(a, x.left(), right, no, undecided);
        a.label(right);
        test(a, x.right(), yes, no, undecided);
      }
      case BoundFilter.Or x -> {
        String right = label("or");
        test(a, x.left(), yes, right, undecided);
        a.label(right);
        test(a, x.right(), yes, no, undecided);
      }
      case BoundFilter.Not x -> test(a, x.operand(), no, yes, undecided);
      case BoundFilter.Compare c -> compare(a, c, yes, no);
      case BoundFilter.Glob g ->
          glob(a, g.arg(), g.pattern(), g.negated() ? no : yes, g.negated() ? yes : no, undecided);
    }
  }

  private static void compare(BpfAssembler a, BoundFilter.Compare c, String yes, String no) {
    a.load(DW, R1, R9, PairedLayout.ARGS + 8 * c.arg());
    switch (c.width()) {
      case S32 -> a.aluImm(LSH, R1, 32).aluImm(ARSH, R1, 32);
      case U32 -> a.aluImm(LSH, R1, 32).aluImm(RSH, R1, 32);
      default -> {}
    }
    if (c.mask() != -1) {
      if (fitsImm(c.mask())) {
        a.aluImm(AND, R1, (int) c.mask());
      } else {
        a.loadImm64(R2, c.mask()).aluReg(AND, R1, R2);
      }
    }
    int op = jump(c.op(), c.width() == BoundFilter.Width.S32 || c.width() == BoundFilter.Width.S64);
    if (fitsImm(c.value())) {
      a.jumpImm(op, R1, (int) c.value(), yes);
    } else {
      a.loadImm64(R2, c.value()).jumpReg(op, R1, R2, yes);
    }
    a.jumpAlways(no);
  }

  /** Whether a 64-bit constant is what a sign-extended 32-bit immediate gives. */
  private static boolean fitsImm(long v) {
    return v == (int) v;
  }

  private static int jump(Op op, boolean signed) {
    return switch (op) {
      case EQ -> JEQ;
      case NE -> JNE;
      case LT -> signed ? JSLT : JLT;
      case LE -> signed ? JSLE : JLE;
      case GT -> signed ? JSGT : JGT;
      case GE -> signed ? JSGE : JGE;
    };
  }

  /**
   * The string args[arg] points to, read into the scratch buffer (R8), matched against the glob:
   * only as many bytes are read as the test needs (an exact or prefix match reads the head and two
   * more bytes, a tail the whole string).
   */
  private void glob(
      BpfAssembler a, int arg, GlobPattern p, String yes, String no, String undecided) {
    int head = p.head().length;
    boolean needsEnd = !p.exact() && p.tail().length > 0;
    // exact: head+2 tells "exactly head" (returns head+1) from "longer" (returns head+2)
    int size = needsEnd ? SCRATCH_BYTES : head + 2;
    a.load(DW, R1, R9, PairedLayout.ARGS + 8 * arg).store(DW, R10, pointerSlot, R1);
    a.jumpImm(JEQ, R1, 0, no); // NULL names no string
    a.storeImm(W, R10, keySlot, 0);
    a.loadMap(R1, scratchMap).movReg(R2, R10).aluImm(ADD, R2, keySlot).call(HELPER_MAP_LOOKUP);
    a.jumpImm(JEQ, R0, 0, undecided);
    a.movReg(R8, R0);
    a.movReg(R1, R8).movImm(R2, size).load(DW, R3, R10, pointerSlot);
    a.call(HELPER_PROBE_READ_USER_STR);
    a.jumpImm(JSLE, R0, 0, undecided); // not resident yet: shown, not dropped
    a.jumpImm(JSGT, R0, size, undecided);
    if (p.exact()) {
      a.jumpImm(JNE, R0, head + 1, no);
    } else if (!needsEnd) {
      a.jumpImm(JSLT, R0, head + 1, no);
    } else {
      a.jumpImm(JEQ, R0, size, undecided); // cut at PATH_MAX: its end is not known
      a.jumpImm(JSLT, R0, p.minLength() + 1, no);
    }
    bytesAt(a, p.head(), no);
    if (needsEnd) {
      int tail = p.tail().length;
      // R8 += strlen - tail, bounded so every byte of the tail is inside the buffer
      a.aluImm(SUB, R0, 1 + tail);
      a.jumpImm(JSLT, R0, 0, no);
      a.jumpImm(JGT, R0, SCRATCH_BYTES - 1 - tail, no);
      a.aluReg(ADD, R8, R0);
      bytesAt(a, p.tail(), no);
    }
    a.jumpAlways(yes);
  }

  /** Jumps to no unless the bytes at R8 are the run's ({@code ?} matches any). */
  private static void bytesAt(BpfAssembler a, int[] run, String no) {
    for (int k = 0; k < run.length; k++) {
      if (run[k] == GlobPattern.ANY) {
        continue;
      }
      a.load(B, R1, R8, k).jumpImm(JNE, R1, run[k], no);
    }
  }
}
