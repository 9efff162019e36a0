package dev.jtrace.tracer.options;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which calls carry a stack and how deep, as perf trace's {@code --call-graph}, {@code
 * --max-stack}, {@code --min-stack}, {@code --kernel-syscall-graph} and the per-event qualifiers
 * {@code -e name/call-graph=fp,max-stack=N/}. Built with {@link #builder()}.
 *
 * @param mode the stacks of every selected call (NONE: only events with a qualifier have one)
 * @param dwarfStackSize bytes of user stack copied per sample in DWARF mode
 * @param maxStack frames kept and printed per stack
 * @param minStack a call whose stack has fewer frames is not printed (0: all are)
 * @param kernel kernel frames too (default: the user's only, as perf trace)
 * @param perEvent qualifiers by syscall name (or glob), overriding mode and maxStack
 * @param objects eBPF objects ({@code -e file.o/max-stack=N/}) whose outputs carry the kernel's
 *     stack, by the path given, with their frames (0: maxStack); they ask nothing of the syscalls
 */
public record CallGraph(
    Mode mode,
    int dwarfStackSize,
    int maxStack,
    int minStack,
    boolean kernel,
    Map<String, EventStack> perEvent,
    Map<String, Integer> objects) {

  /** No stacks. */
  public static final CallGraph NONE = builder().build();

  /** perf's default copy of the user stack for DWARF unwinding. */
  public static final int DEFAULT_DWARF_SIZE = 8192;

  /** The kernel's default kernel.perf_event_max_stack. */
  public static final int DEFAULT_MAX_STACK = 127;

  public enum Mode {
    NONE,
    /** The kernel walks the frame pointers. */
    FP,
    /** The user registers and a copy of the stack, unwound by jtrace with the CFI. */
    DWARF
  }

  /**
   * A qualifier's stack: its mode (null: the global one), depth (0: the global one) and, in DWARF
   * mode, the bytes of stack copied (0: the global size).
   */
  public record EventStack(Mode mode, int maxStack, int dwarfStackSize) {
    public EventStack(Mode mode, int maxStack) {
      this(mode, maxStack, 0);
    }
  }

  /** Whether any call asks for a stack. */
  public boolean any() {
    if (mode != Mode.NONE) {
      return true;
    }
    for (EventStack e : perEvent.values()) {
      if (e.mode() != null && e.mode() != Mode.NONE) {
        return true;
      }
    }
    return false;
  }

  /**
   * For a replay, where the file decides which calls have stacks: every stack is printed (to this
   * graph's depths) unless a mode is already chosen.
   */
  public CallGraph forReplay() {
    return mode != Mode.NONE
        ? this
        : new CallGraph(Mode.FP, dwarfStackSize, maxStack, minStack, kernel, perEvent, objects);
  }

  /** The frames of an eBPF object's output stacks (its path as -e gave it), or 0: none. */
  public int objectMaxStack(String path) {
    Integer frames = objects.get(path);
    return frames == null ? 0 : frames > 0 ? frames : maxStack;
  }

  /** The depth of this syscall's stacks, or 0 when it has none. */
  public int maxStackOf(String syscall) {
    EventStack q = qualifier(syscall);
    Mode m = q != null && q.mode() != null ? q.mode() : mode;
    if (m == Mode.NONE) {
      return 0;
    }
    return q != null && q.maxStack() > 0 ? q.maxStack() : maxStack;
  }

  /** The mode of this syscall's stacks (a qualifier's, else the global one). */
  public Mode modeOf(String syscall) {
    EventStack q = qualifier(syscall);
    return q != null && q.mode() != null ? q.mode() : mode;
  }

  /** The bytes of user stack this syscall's DWARF stacks copy. */
  public int dwarfStackSizeOf(String syscall) {
    EventStack q = qualifier(syscall);
    return q != null && q.dwarfStackSize() > 0 ? q.dwarfStackSize() : dwarfStackSize;
  }

  /** Whether any call's stacks are DWARF ones. */
  public boolean anyDwarf() {
    if (mode == Mode.DWARF) {
      return true;
    }
    for (EventStack e : perEvent.values()) {
      if (e.mode() == Mode.DWARF) {
        return true;
      }
    }
    return false;
  }

  /** The largest DWARF stack copy any call asks for. */
  public int largestDwarfStackSize() {
    int size = mode == Mode.DWARF ? dwarfStackSize : 0;
    for (EventStack e : perEvent.values()) {
      if (e.mode() == Mode.DWARF) {
        size = Math.max(size, e.dwarfStackSize() > 0 ? e.dwarfStackSize() : dwarfStackSize);
      }
    }
    return size;
  }

  private EventStack qualifier(String syscall) {
    EventStack exact = perEvent.get(syscall);
    if (exact != null) {
      return exact;
    }
    for (Map.Entry<String, EventStack> e : perEvent.entrySet()) {
      if (glob(e.getKey(), syscall)) {
        return e.getValue();
      }
    }
    return null;
  }

  /** {@code *} and {@code ?} as the shell matches them. */
  static boolean glob(String pattern, String name) {
    return name.matches(pattern.replace(".", "\\.").replace("?", ".").replace("*", ".*"));
  }

  public static Builder builder() {
    return new Builder();
  }

  public static final class Builder {
    private Mode mode = Mode.NONE;
    private int dwarfStackSize = DEFAULT_DWARF_SIZE;
    private int maxStack = DEFAULT_MAX_STACK;
    private int minStack;
    private boolean kernel;
    private final Map<String, EventStack> perEvent = new LinkedHashMap<>();
    private final Map<String, Integer> objects = new LinkedHashMap<>();

    public Builder mode(Mode v) {
      mode = v;
      return this;
    }

    public Builder dwarfStackSize(int v) {
      dwarfStackSize = v;
      return this;
    }

    public Builder maxStack(int v) {
      maxStack = v;
      return this;
    }

    public Builder minStack(int v) {
      minStack = v;
      return this;
    }

    public Builder kernel(boolean v) {
      kernel = v;
      return this;
    }

    public Builder event(String syscall, EventStack stack) {
      perEvent.put(syscall, stack);
      return this;
    }

    /** An eBPF object's outputs with stacks of this many frames (0: --max-stack's). */
    public Builder object(String path, int frames) {
      objects.put(path, frames);
      return this;
    }

    public CallGraph build() {
      return new CallGraph(
          mode,
          dwarfStackSize,
          maxStack,
          minStack,
          kernel,
          Map.copyOf(perEvent),
          Map.copyOf(objects));
    }
  }
}
