package dev.jtrace.tracer.filter;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A glob compiled for the in-kernel matcher: the fixed-length runs between its {@code *}s, each
 * position a {@link ByteClass} (a byte, {@code ?} for any byte, or a {@code [...]} class). With no
 * {@code *} the string must be exactly {@link #head()}; otherwise it starts with the head, ends
 * with the {@link #tail()}, and holds the {@link #middle()} runs in order, without overlap, in
 * between. {@code \} quotes the next character, inside a class too. Matching is by bytes (UTF-8):
 * {@code ?} and a class match one byte, and a {@code *} matches {@code /} too (no FNM_PATHNAME).
 *
 * <p>Every run has a fixed length and matches at a position or not whatever the other runs do, so
 * taking each middle run at its leftmost place after the previous one is never worse than a later
 * place: it leaves the most room to the runs after it. The matcher needs no backtracking.
 */
public record GlobPattern(
    ByteClass[] head, List<ByteClass[]> middle, ByteClass[] tail, boolean exact) {

  /**
   * A set of bytes one position of a run accepts, as a 256-bit map (bit b of word b / 64).
   *
   * @param w0 bytes 0-63
   * @param w1 bytes 64-127
   * @param w2 bytes 128-191
   * @param w3 bytes 192-255
   */
  public record ByteClass(long w0, long w1, long w2, long w3) {
    /** A {@code ?}: any byte. */
    public static final ByteClass ANY = new ByteClass(-1L, -1L, -1L, -1L);

    /** The class of one byte. */
    public static ByteClass of(int b) {
      long[] w = new long[4];
      w[(b & 0xff) >>> 6] = 1L << (b & 63);
      return new ByteClass(w[0], w[1], w[2], w[3]);
    }

    private long word(int i) {
      return switch (i) {
        case 0 -> w0;
        case 1 -> w1;
        case 2 -> w2;
        default -> w3;
      };
    }

    public boolean contains(int b) {
      return (word((b & 0xff) >>> 6) >>> (b & 63) & 1) != 0;
    }

    /**
     * Whether it takes every byte a string can hold at a position (all but NUL, which ends it), so
     * the matcher need not look.
     */
    public boolean matchesAnyCharacter() {
      return (w0 | 1) == -1L && w1 == -1L && w2 == -1L && w3 == -1L;
    }

    /** Its one byte, or -1 when it holds none or several. */
    public int single() {
      int found = -1;
      for (int b = 0; b < 256; b++) {
        if (contains(b)) {
          if (found >= 0) {
            return -1;
          }
          found = b;
        }
      }
      return found;
    }

    /** Its bytes as maximal ranges {lo, hi}, in order; with member false, the bytes it lacks. */
    public List<int[]> ranges(boolean member) {
      List<int[]> out = new ArrayList<>();
      int start = -1;
      for (int b = 0; b <= 256; b++) {
        boolean in = b < 256 && contains(b) == member;
        if (in && start < 0) {
          start = b;
        } else if (!in && start >= 0) {
          out.add(new int[] {start, b - 1});
          start = -1;
        }
      }
      return out;
    }

    private static ByteClass ofBits(boolean[] bits, boolean negated) {
      long[] w = new long[4];
      for (int b = 0; b < 256; b++) {
        if (bits[b] != negated) {
          w[b >>> 6] |= 1L << (b & 63);
        }
      }
      return new ByteClass(w[0], w[1], w[2], w[3]);
    }
  }

  /** Compiles a pattern; position is where its opening quote stands (for errors). */
  public static GlobPattern compile(String pattern, int position) throws FilterException {
    List<List<ByteClass>> runs = new ArrayList<>();
    List<ByteClass> run = new ArrayList<>();
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      if (c == '\\' && i + 1 < pattern.length()) {
        i++;
        addBytes(run, pattern.charAt(i));
      } else if (c == '*') {
        runs.add(run);
        run = new ArrayList<>();
      } else if (c == '?') {
        run.add(ByteClass.ANY);
      } else if (c == '[') {
        i = characterClass(pattern, i, position, run);
      } else {
        addBytes(run, c);
      }
    }
    runs.add(run);
    ByteClass[] head = toArray(runs.getFirst());
    if (runs.size() == 1) {
      return new GlobPattern(head, List.of(), new ByteClass[0], true);
    }
    List<ByteClass[]> middle = new ArrayList<>();
    for (int i = 1; i < runs.size() - 1; i++) {
      if (!runs.get(i).isEmpty()) {
        middle.add(toArray(runs.get(i)));
      }
    }
    return new GlobPattern(head, List.copyOf(middle), toArray(runs.getLast()), false);
  }

  /**
   * Reads the class opening at pattern[open] as fnmatch does ({@code [!...]} or {@code [^...]}
   * negates, a {@code ]} first is a member, {@code a-z} is a range of byte values, a {@code -}
   * first or last is itself), adds it to run and returns the index of its closing {@code ]}.
   */
  private static int characterClass(String pattern, int open, int position, List<ByteClass> run)
      throws FilterException {
    int i = open + 1;
    boolean negated =
        i < pattern.length() && (pattern.charAt(i) == '!' || pattern.charAt(i) == '^');
    if (negated) {
      i++;
    }
    boolean[] bits = new boolean[256];
    boolean first = true;
    while (true) {
      if (i >= pattern.length()) {
        throw new FilterException(
            position + 1 + open, "this [ opens a character class with no ]: write \\[ for a [");
      }
      char c = pattern.charAt(i);
      if (c == ']' && !first) {
        break;
      }
      first = false;
      int at = i;
      if (c == '\\' && i + 1 < pattern.length()) {
        c = pattern.charAt(++i);
      }
      int lo = classByte(c, position + 1 + at);
      int hi = lo;
      if (i + 2 < pattern.length()
          && pattern.charAt(i + 1) == '-'
          && pattern.charAt(i + 2) != ']') {
        i += 2;
        int toAt = i;
        char d = pattern.charAt(i);
        if (d == '\\' && i + 1 < pattern.length()) {
          d = pattern.charAt(++i);
        }
        hi = classByte(d, position + 1 + toAt);
        if (hi < lo) {
          throw new FilterException(
              position + 1 + at,
              "the range " + (char) lo + "-" + (char) hi + " is empty: write its ends in order");
        }
      }
      for (int b = lo; b <= hi; b++) {
        bits[b] = true;
      }
      i++;
    }
    run.add(ByteClass.ofBits(bits, negated));
    return i;
  }

  /** A class member: one byte, so ASCII (any other character is several bytes in UTF-8). */
  private static int classByte(char c, int at) throws FilterException {
    if (c == 0 || c > 0x7f) {
      throw new FilterException(
          at, "a character class matches one byte: only ASCII characters can be in [...]");
    }
    return c;
  }

  private static void addBytes(List<ByteClass> run, char c) {
    for (byte b : String.valueOf(c).getBytes(StandardCharsets.UTF_8)) {
      run.add(ByteClass.of(b & 0xff));
    }
  }

  private static ByteClass[] toArray(List<ByteClass> l) {
    return l.toArray(new ByteClass[0]);
  }

  /** The fewest bytes a matching string has. */
  public int minLength() {
    int n = head.length + tail.length;
    for (ByteClass[] m : middle) {
      n += m.length;
    }
    return n;
  }

  /** Whether a string matches: the reference the BPF matcher is tested against. */
  public boolean matches(byte[] s) {
    if (exact) {
      return s.length == head.length && at(s, 0, head);
    }
    if (s.length < minLength() || !at(s, 0, head) || !at(s, s.length - tail.length, tail)) {
      return false;
    }
    int from = head.length;
    int end = s.length - tail.length;
    for (ByteClass[] m : middle) {
      int found = -1;
      for (int i = from; i + m.length <= end; i++) {
        if (at(s, i, m)) {
          found = i;
          break;
        }
      }
      if (found < 0) {
        return false;
      }
      from = found + m.length;
    }
    return true;
  }

  private static boolean at(byte[] s, int off, ByteClass[] run) {
    for (int k = 0; k < run.length; k++) {
      if (!run[k].contains(s[off + k])) {
        return false;
      }
    }
    return true;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof GlobPattern g
        && Arrays.equals(head, g.head)
        && Arrays.equals(tail, g.tail)
        && exact == g.exact
        && middle.size() == g.middle.size()
        && java.util.stream.IntStream.range(0, middle.size())
            .allMatch(i -> Arrays.equals(middle.get(i), g.middle.get(i)));
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(head) * 31 + Arrays.hashCode(tail);
  }

  @Override
  public String toString() {
    return "GlobPattern[head="
        + head.length
        + ", middle="
        + middle.size()
        + ", tail="
        + tail.length
        + (exact ? ", exact" : "")
        + "]";
  }
}
