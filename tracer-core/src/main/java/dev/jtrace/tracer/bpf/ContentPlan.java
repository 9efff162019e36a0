package dev.jtrace.tracer.bpf;

import dev.jtrace.beauty.SyscallBeautifier;
import dev.jtrace.beauty.content.CapturePhase;
import dev.jtrace.beauty.content.ContentKind;
import dev.jtrace.beauty.content.ContentSpec;
import dev.jtrace.beauty.content.SyscallContents;
import java.util.ArrayList;
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
 * --string-limit}); a struct or array up to {@link #MAX_STRUCT} bytes; the first {@link
 * #MAX_IOVECS} iovecs and {@link #MAX_ARGV} argv strings, each up to the string limit (at most
 * {@link #MAX_ELEMENT}); up to {@link #MAX_ENVP} envp entries, counted, not copied.
 */
public final class ContentPlan {
  /** The syscall numbers the maps cover. */
  public static final int MAX_SYSCALL = 1024;

  /** Longest string copied, NUL included. */
  public static final int MAX_STRING = 4096;

  /** Most bytes copied of one struct or array. */
  public static final int MAX_STRUCT = 1024;

  /** The most bytes of getdents64's records copied. */
  public static final int MAX_DIRENTS = 16384;

  /**
   * Iovecs copied of one array. This bound and {@link #MAX_ARGV} cost the verifier most of the
   * programs' load time (unrolled: 8 iovecs and 32 strings took 0.5 s of start-up here, 4 and 16
   * 0.2 s).
   */
  public static final int MAX_IOVECS = 4;

  /** Strings copied of one argv. */
  public static final int MAX_ARGV = 16;

  /** Entries counted of one envp. */
  public static final int MAX_ENVP = 128;

  /** Most bytes copied of one iovec's buffer or one argv string. */
  public static final int MAX_ELEMENT = 1024;

  private final IntPredicate captured;

  /** Which compat numbers are captured (the same selection by the compat ABI's numbers). */
  private IntPredicate compatCaptured = nr -> false;

  private final TreeMap<Integer, List<ContentSpec>> specs = new TreeMap<>();
  private final TreeMap<Integer, List<ContentSpec>> compatSpecs = new TreeMap<>();

  @SuppressWarnings("unchecked")
  private final List<ContentSpec>[] nativeByNr = new List[MAX_SYSCALL];

  @SuppressWarnings("unchecked")
  private final List<ContentSpec>[] compatByNr = new List[MAX_SYSCALL];

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
   * The same plan with contents for compat calls too (x86_64's ia32 calls), by the compat ABI's
   * numbers and of its layouts.
   */
  public ContentPlan withCompat(Map<Integer, List<ContentSpec>> compat) {
    ContentPlan p = new ContentPlan(captured, all, specs, stringLimit);
    p.compatCaptured = compatCaptured;
    compat.forEach(
        (nr, list) -> {
          if (nr >= 0 && nr < MAX_SYSCALL && handlesAny(list)) {
            p.compatSpecs.put(nr, List.copyOf(list));
          }
        });
    return p;
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
   * Whether the capture copies this content: every kind; a copy selected by another argument when
   * the value it compares fits 32 bits (ioctl's commands).
   */
  public static boolean handles(ContentSpec s) {
    return s.selectorArg() < 0 || s.selectorValue() == (s.selectorValue() & 0xffffffffL);
  }

  /** Whether a content is envp's: its entries counted (one block, a u32), none copied. */
  public static boolean countOnly(ContentSpec s) {
    return s.kind() == ContentKind.STRING_ARRAY && "envp".equals(s.type());
  }

  /** The blocks one content may take: one, or one per iovec or argv string. */
  static int elements(ContentSpec s) {
    return switch (s.kind()) {
      case IOVEC -> MAX_IOVECS;
      case STRING_ARRAY -> countOnly(s) ? 1 : MAX_ARGV;
      default -> 1;
    };
  }

  /** Bytes of a plain buffer copied ({@code --string-limit}). */
  public int stringLimit() {
    return stringLimit;
  }

  /** Whether every syscall is captured (no -e selection). */
  public boolean capturesAll() {
    return all;
  }

  public boolean captured(int nr) {
    return nr >= 0 && nr < MAX_SYSCALL && captured.test(nr);
  }

  /**
   * The same plan capturing compat calls (x86_64's ia32 calls) by their own numbers too: the
   * programs tell the ABI of each call and test its number against that ABI's selection.
   */
  public ContentPlan withCompatCaptured(IntPredicate compatNumbers) {
    ContentPlan p = new ContentPlan(captured, all, specs, stringLimit);
    p.compatSpecs.putAll(compatSpecs);
    p.compatCaptured = compatNumbers;
    return p;
  }

  /**
   * Whether a compat call of that number is captured (never without {@link #withCompatCaptured}).
   */
  public boolean compatCaptured(int nr) {
    return nr >= 0 && nr < MAX_SYSCALL && compatCaptured.test(nr);
  }

  /**
   * Whether some compat number is captured: then each call's ABI decides which selection applies.
   */
  public boolean capturesCompatByNumber() {
    for (int nr = 0; nr < MAX_SYSCALL && !all; nr++) {
      if (compatCaptured(nr)) {
        return true;
      }
    }
    return false;
  }

  /** The syscalls with contents, by number, each with its full list (indexes are positions). */
  public Map<Integer, List<ContentSpec>> specs() {
    return specs;
  }

  /** The contents of one syscall (empty when none). */
  public List<ContentSpec> specs(int nr) {
    return specs.getOrDefault(nr, List.of());
  }

  /** The compat calls with contents, by compat number (empty without {@link #withCompat}). */
  public Map<Integer, List<ContentSpec>> compatSpecs() {
    return compatSpecs;
  }

  /** The contents of one call of that ABI (empty when none). */
  public List<ContentSpec> specs(int nr, boolean compat) {
    if (nr < 0 || nr >= MAX_SYSCALL) {
      return List.of();
    }
    // asked per record by the printer: each number's answer is looked up in the map once
    List<ContentSpec>[] byNr = compat ? compatByNr : nativeByNr;
    List<ContentSpec> list = byNr[nr];
    if (list == null) {
      list = (compat ? compatSpecs : specs).getOrDefault(nr, List.of());
      byNr[nr] = list;
    }
    return list;
  }

  /**
   * The most bytes copied for a content (of one element of an iovec or argv; an argv string's copy
   * holds the limit, one byte that tells a cut and the NUL).
   */
  public int cap(ContentSpec s) {
    return switch (s.kind()) {
      case STRING -> MAX_STRING;
      case IOVEC -> Math.min(stringLimit, MAX_ELEMENT);
      case STRING_ARRAY -> countOnly(s) ? 4 : Math.min(stringLimit, MAX_ELEMENT) + 2;
      // a directory's entries: some hundreds (the whole listing of most directories)
      case BYTES ->
          s.type() == null ? stringLimit : s.type().equals("dirent64") ? MAX_DIRENTS : MAX_STRUCT;
    };
  }

  /** The most bytes a content's block holds: its cap, and an iovec element's length before. */
  public int blockBytes(ContentSpec s) {
    return cap(s) + (s.kind() == ContentKind.IOVEC ? PairedLayout.IOV_LENGTH : 0);
  }

  /**
   * Whether an entry content not readable at entry is read again at exit (strings, byte runs,
   * iovecs: argv's strings are on the stack, resident).
   */
  static boolean retriedAtExit(ContentSpec s) {
    return s.phase() == CapturePhase.ENTER && s.kind() != ContentKind.STRING_ARRAY;
  }

  /**
   * Whether a syscall's list has anything copied in this phase (at exit: entry contents may be read
   * again).
   */
  static boolean hasPhase(List<ContentSpec> list, CapturePhase phase) {
    for (ContentSpec s : list) {
      if (handles(s) && (s.phase() == phase || (phase == CapturePhase.EXIT && retriedAtExit(s)))) {
        return true;
      }
    }
    return false;
  }

  /** The size of the per-thread record: the header and every block of the largest call. */
  public int recordSize() {
    int max = PairedLayout.HEADER;
    List<List<ContentSpec>> lists = new ArrayList<>(specs.values());
    lists.addAll(compatSpecs.values());
    for (List<ContentSpec> list : lists) {
      int size = PairedLayout.HEADER;
      for (ContentSpec s : list) {
        if (handles(s)) {
          int block = elements(s) * PairedLayout.blockSize(blockBytes(s));
          // an entry content not readable at entry is read again at exit, into a second block
          size += retriedAtExit(s) ? 2 * block : block;
        }
      }
      max = Math.max(max, size);
    }
    return max;
  }
}
