package dev.jtrace.tracer.bpf;

import dev.jtrace.beauty.SyscallBeautifier;
import dev.jtrace.beauty.content.CapturePhase;
import dev.jtrace.beauty.content.ContentKind;
import dev.jtrace.beauty.content.ContentSpec;
import dev.jtrace.beauty.content.SyscallContents;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntPredicate;

/**
 * What the paired capture copies, per syscall number: the {@link ContentSpec}s it handles (strings
 * and byte runs: structs, arrays, buffers) with each one's byte limit, which syscalls are captured
 * at all, and the per-thread record size that holds the largest call.
 *
 * <p>Limits: a string is copied up to {@link #MAX_STRING} (PATH_MAX: a path prints whole, as
 * strace's do); a plain buffer ({@code type == null}) up to the string limit ({@code
 * --string-limit}); a struct or array up to {@link #MAX_STRUCT} bytes.
 */
public final class ContentPlan {
  /** The syscall numbers the maps cover. */
  public static final int MAX_SYSCALL = 1024;

  /** Longest string copied, NUL included. */
  public static final int MAX_STRING = 4096;

  /** Most bytes copied of one struct or array. */
  public static final int MAX_STRUCT = 1024;

  private final IntPredicate captured;
  private final TreeMap<Integer, List<ContentSpec>> specs = new TreeMap<>();
  private final int stringLimit;
  private final boolean all;

  /**
   * @param captured which syscall numbers are captured (the -e selection widened by the fd changes)
   * @param specs per syscall number, what to copy (empty lists and kinds not handled are left out)
   * @param stringLimit bytes of a plain buffer copied ({@code --string-limit})
   */
  public ContentPlan(
      IntPredicate captured, Map<Integer, List<ContentSpec>> specs, int stringLimit) {
    this(captured, false, specs, stringLimit);
  }

  /** A plan that captures every syscall: the programs look no number up. */
  public static ContentPlan everySyscall(Map<Integer, List<ContentSpec>> specs, int stringLimit) {
    return new ContentPlan(nr -> true, true, specs, stringLimit);
  }

  private ContentPlan(
      IntPredicate captured, boolean all, Map<Integer, List<ContentSpec>> specs, int stringLimit) {
    this.captured = captured;
    this.all = all;
    this.stringLimit = Math.max(0, stringLimit);
    specs.forEach(
        (nr, list) -> {
          if (nr >= 0 && nr < MAX_SYSCALL && captured.test(nr) && handlesAny(list)) {
            this.specs.put(nr, List.copyOf(list));
          }
        });
  }

  /**
   * Per syscall number of the beautifier's arch, the generated contents ({@link SyscallContents})
   * of the printed syscalls that have any.
   *
   * @param printed which syscall numbers are printed
   */
  public static Map<Integer, List<ContentSpec>> generated(
      SyscallBeautifier beautifier, IntPredicate printed) {
    Map<Integer, List<ContentSpec>> out = new HashMap<>();
    for (int nr : beautifier.numbers()) {
      if (printed.test(nr)) {
        List<ContentSpec> specs = SyscallContents.of(beautifier.arch(), beautifier.name(nr));
        if (!specs.isEmpty()) {
          out.put(nr, specs);
        }
      }
    }
    return out;
  }

  private static boolean handlesAny(List<ContentSpec> list) {
    return list.stream().anyMatch(ContentPlan::handles);
  }

  /**
   * Whether the capture copies this kind of content (IOVEC, STRING_ARRAY and copies selected by
   * another argument: not yet).
   */
  public static boolean handles(ContentSpec s) {
    return (s.kind() == ContentKind.STRING || s.kind() == ContentKind.BYTES) && s.selectorArg() < 0;
  }

  /** Whether every syscall is captured (no -e selection). */
  public boolean capturesAll() {
    return all;
  }

  public boolean captured(int nr) {
    return nr >= 0 && nr < MAX_SYSCALL && captured.test(nr);
  }

  /** The syscalls with contents, by number, each with its full list (indexes are positions). */
  public Map<Integer, List<ContentSpec>> specs() {
    return specs;
  }

  /** The contents of one syscall (empty when none). */
  public List<ContentSpec> specs(int nr) {
    return specs.getOrDefault(nr, List.of());
  }

  /** The most bytes copied for a content. */
  public int cap(ContentSpec s) {
    if (s.kind() == ContentKind.STRING) {
      return MAX_STRING;
    }
    return s.type() == null ? stringLimit : MAX_STRUCT;
  }

  /**
   * Whether a syscall's list has anything copied in this phase (at exit: entry contents may be read
   * again).
   */
  boolean hasPhase(int nr, CapturePhase phase) {
    for (ContentSpec s : specs(nr)) {
      if (handles(s) && (s.phase() == phase || phase == CapturePhase.EXIT)) {
        return true;
      }
    }
    return false;
  }

  /** The size of the per-thread record: the header and every block of the largest call. */
  public int recordSize() {
    int max = PairedLayout.HEADER;
    for (List<ContentSpec> list : specs.values()) {
      int size = PairedLayout.HEADER;
      for (ContentSpec s : list) {
        if (handles(s)) {
          int block = PairedLayout.blockSize(cap(s));
          // an entry content not readable at entry is read again at exit, into a second block
          size += s.phase() == CapturePhase.ENTER ? 2 * block : block;
        }
      }
      max = Math.max(max, size);
    }
    return max;
  }
}
