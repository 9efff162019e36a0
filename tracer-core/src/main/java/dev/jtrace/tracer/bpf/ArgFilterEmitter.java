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
import static dev.jtrace.tracer.bpf.BpfAssembler.R4;
import static dev.jtrace.tracer.bpf.BpfAssembler.R5;
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
 * into a per-CPU scratch buffer. A glob's head and tail are compared at known offsets, loop-free;
 * only the runs between its inner {@code *}s (as in {@code "*passwd*"}) take a loop. A call whose
 * string cannot be read at entry (its page not resident yet) is decided again at exit, when the
 * kernel has faulted the page in; one still unreadable then is shown, not dropped. Syscalls without
 * a filter (those captured for the fd table, not printed) always pass.
 *
 * <p>Uses R0-R5 and R8 (free until the contents start), and two stack slots the caller gives.
 */
final class ArgFilterEmitter {
  private static final int HELPER_MAP_LOOKUP = 1;
  private static final int HELPER_PROBE_READ_USER_STR = 114;

  /** The longest string read, NUL included (PATH_MAX). */
  static final int STRING_BYTES = ContentPlan.MAX_STRING;

  /** The middle-run matcher's state, after the string in the scratch value: u32s. */
  private static final int POS = STRING_BYTES, RUN = STRING_BYTES + 4, END = STRING_BYTES + 8;

  /** The scratch value: the string, then the matcher's state. */
  static final int SCRATCH_BYTES = STRING_BYTES + 16;

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
   * more bytes, a tail or a middle run the whole string).
   */
  private void glob(
      BpfAssembler a, int arg, GlobPattern p, String yes, String no, String undecided) {
    int head = p.head().length;
    boolean middle = !p.middle().isEmpty();
    boolean needsEnd = !p.exact() && (p.tail().length > 0 || middle);
    // exact: head+2 tells "exactly head" (returns head+1) from "longer" (returns head+2)
    int size = needsEnd ? STRING_BYTES : head + 2;
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
    bytesAt(a, R8, p.head(), no);
    if (needsEnd) {
      int tail = p.tail().length;
      // R0 = where the tail starts (strlen - tail), bounded so the tail is inside the buffer
      a.aluImm(SUB, R0, 1 + tail);
      a.jumpImm(JSLT, R0, 0, no);
      a.jumpImm(JGT, R0, STRING_BYTES - 1 - tail, no);
      if (tail > 0) {
        a.movReg(R2, R8).aluReg(ADD, R2, R0);
        bytesAt(a, R2, p.tail(), no);
      }
      if (middle) {
        middleRuns(a, p, yes, no, undecided);
        return;
      }
    }
    a.jumpAlways(yes);
  }

  /**
   * The middle runs between the head and the tail (R0, where the tail starts), each at its leftmost
   * place after the one before (see {@link GlobPattern}: no backtracking is needed): a loop over
   * the positions whose state, the position and the run looked for, is kept in the scratch value
   * after the string, not in registers.
   *
   * <p>Why may_goto (kernel 6.9) and not a loop the verifier proves bounded, or bpf_loop: the
   * verifier walks a loop with a constant bound once per iteration, up to PATH_MAX positions times
   * each run's branches, for each glob of each filtered syscall in both programs, against its
   * budget of a million instructions; bpf_loop's callback needs BTF func_info for the program,
   * which jtrace's loader does not give. Through may_goto the verifier checks the body until its
   * state repeats (the state lives in memory, so at once: about a hundred instructions processed
   * for {@code "*passwd*"}), and the kernel caps the iterations. The loop ends long before that cap
   * on its own: each turn moves the position on or takes the next run, the position never passes
   * the tail (at most {@link #STRING_BYTES}), so it turns at most PATH_MAX + runs times. The cap,
   * were it ever reached, makes the call undecided: shown, not dropped.
   */
  private void middleRuns(BpfAssembler a, GlobPattern p, String yes, String no, String undecided) {
    List<GlobPattern.ByteClass[]> runs = p.middle();
    a.store(W, R8, END, R0);
    a.storeImm(W, R8, POS, p.head().length);
    a.storeImm(W, R8, RUN, 0);
    String loop = label("loop");
    a.label(loop);
    a.mayGoto(undecided);
    a.load(W, R2, R8, POS).load(W, R3, R8, END).load(W, R1, R8, RUN);
    List<Integer> values = new ArrayList<>();
    List<String> targets = new ArrayList<>();
    for (int k = 0; k <= runs.size(); k++) {
      values.add(k);
      targets.add(k < runs.size() ? label("run" + k) : yes); // all runs found: a match
    }
    a.dispatch(R1, values, targets, no, this::label);
    for (int k = 0; k < runs.size(); k++) {
      GlobPattern.ByteClass[] run = runs.get(k);
      String next = label("next");
      a.label(targets.get(k));
      // R4 = the run's end here; past the tail's start, no later position has room either
      a.movReg(R4, R2).aluImm(ADD, R4, run.length);
      a.jumpReg(JGT, R4, R3, no);
      a.jumpImm(JGT, R2, STRING_BYTES - run.length, no); // implied, told to the verifier
      a.movReg(R5, R8).aluReg(ADD, R5, R2);
      bytesAt(a, R5, run, next);
      a.store(W, R8, POS, R4).storeImm(W, R8, RUN, k + 1).jumpAlways(loop);
      a.label(next);
      a.aluImm(ADD, R2, 1).store(W, R8, POS, R2).jumpAlways(loop);
    }
  }

  /** Jumps to no unless the bytes at base are the run's (each position a set of bytes). */
  private void bytesAt(BpfAssembler a, int base, GlobPattern.ByteClass[] run, String no) {
    for (int k = 0; k < run.length; k++) {
      GlobPattern.ByteClass c = run[k];
      if (c.matchesAnyCharacter()) {
        continue; // ?
      }
      a.load(B, R1, base, k);
      int single = c.single();
      if (single >= 0) {
        a.jumpImm(JNE, R1, single, no);
        continue;
      }
      // a class: as ranges of the bytes it holds, or of those it lacks when these are fewer
      List<int[]> held = c.ranges(true);
      List<int[]> lacked = c.ranges(false);
      if (lacked.size() < held.size()) {
        for (int[] r : lacked) {
          inRange(a, r, no);
        }
      } else {
        String ok = label("class");
        for (int[] r : held) {
          inRange(a, r, ok);
        }
        a.jumpAlways(no);
        a.label(ok);
      }
    }
  }

  /** Jumps to target when R1 is in the range {lo, hi}, else falls through. */
  private void inRange(BpfAssembler a, int[] range, String target) {
    if (range[0] == range[1]) {
      a.jumpImm(JEQ, R1, range[0], target);
      return;
    }
    String past = label("range");
    if (range[0] > 0) {
      a.jumpImm(JLT, R1, range[0], past);
    }
    a.jumpImm(JLE, R1, range[1], target);
    a.label(past);
  }
}
