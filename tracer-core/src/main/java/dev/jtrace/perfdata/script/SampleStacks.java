package dev.jtrace.perfdata.script;

import dev.jtrace.perfdata.read.Sample;
import dev.jtrace.symbols.Symbolizer;
import dev.jtrace.unwind.CfiCache;
import dev.jtrace.unwind.RegisterModel;
import dev.jtrace.unwind.StackCopy;
import dev.jtrace.unwind.Unwinder;
import java.lang.foreign.MemorySegment;

/**
 * The callchain of a recorded sample with its user part unwound from the registers and stack copy
 * the sample carries ({@code perf record --call-graph dwarf}, {@code jtrace record --call-graph
 * dwarf}): the kernel's frames as recorded, then the user frames the CFI gives. A sample without
 * them keeps its callchain as it is. The symbolizer's mappings must follow the file's records.
 */
public final class SampleStacks {
  /** Frames unwound per stack at most (the kernel's default perf_event_max_stack). */
  private static final int MAX_FRAMES = 127;

  private final Unwinder unwinder;
  private final StackCopy copy = new StackCopy();
  private final long[] frames = new long[MAX_FRAMES];

  public SampleStacks(Symbolizer symbolizer) {
    RegisterModel arch = RegisterModel.host();
    this.unwinder =
        arch == null ? null : new Unwinder(arch, symbolizer, new CfiCache(symbolizer.debugRoot()));
  }

  /** The sample's callchain, its user frames unwound when it has registers and a stack copy. */
  public long[] callchain(Sample s) {
    long[] chain = s.callchain();
    long[] regs = s.userRegs();
    if (unwinder == null || regs == null || s.userStack() == null) {
      return chain;
    }
    long mask = s.event().attr().sampleRegsUser();
    if (!unwinder
        .arch()
        .fromPerf(mask, regs, 0, regs.length, unwinder.registers(), unwinder.known())) {
      return chain;
    }
    long sp = unwinder.registers()[unwinder.arch().stackPointer()];
    byte[] stack = s.userStack();
    copy.reset(MemorySegment.ofArray(stack), 0, sp, stack.length);
    int n = unwinder.unwind(s.pid(), copy, frames, 0, frames.length);
    int kernel = 0;
    while (chain != null && kernel < chain.length && chain[kernel] != Symbolizer.CONTEXT_USER) {
      kernel++;
    }
    long[] out = new long[kernel + 1 + n];
    if (chain != null) {
      System.arraycopy(chain, 0, out, 0, kernel);
    }
    out[kernel] = Symbolizer.CONTEXT_USER;
    System.arraycopy(frames, 0, out, kernel + 1, n);
    return out;
  }
}
