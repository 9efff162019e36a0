package dev.jtrace.tracer.filter;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A glob compiled for a loop-free matcher: the literal runs between its {@code *}s, as bytes
 * (UTF-8) where {@link #ANY} is a {@code ?}. With no {@code *} the string must be exactly {@link
 * #head()}; otherwise it starts with the head, ends with the {@link #tail()}, and holds the {@link
 * #middle()} runs in order in between. {@code \} quotes the next character.
 */
public record GlobPattern(int[] head, List<int[]> middle, int[] tail, boolean exact) {
  /** A {@code ?}: any one byte. */
  public static final int ANY = -1;

  /** Compiles a pattern; position is where its opening quote stands (for errors). */
  public static GlobPattern compile(String pattern, int position) throws FilterException {
    List<List<Integer>> runs = new ArrayList<>();
    List<Integer> run = new ArrayList<>();
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      if (c == '\\' && i + 1 < pattern.length()) {
        i++;
        addBytes(run, pattern.charAt(i));
      } else if (c == '*') {
        runs.add(run);
        run = new ArrayList<>();
      } else if (c == '?') {
        run.add(ANY);
      } else if (c == '[') {
        throw new FilterException(
            position + 1 + i, "character classes ([...]) are not supported: use ? or *");
      } else {
        addBytes(run, c);
      }
    }
    runs.add(run);
    int[] head = toArray(runs.getFirst());
    if (runs.size() == 1) {
      return new GlobPattern(head, List.of(), new int[0], true);
    }
    List<int[]> middle = new ArrayList<>();
    for (int i = 1; i < runs.size() - 1; i++) {
      if (!runs.get(i).isEmpty()) {
        middle.add(toArray(runs.get(i)));
      }
    }
    if (!middle.isEmpty()) {
      // the in-kernel matcher is loop-free: a head and a tail, each at a known offset
      throw new FilterException(
          position,
          "a glob has at most one * run between its ends (\"/etc/*\", \"*.so\", \"/a*b\")");
    }
    return new GlobPattern(head, middle, toArray(runs.getLast()), false);
  }

  private static void addBytes(List<Integer> run, char c) {
    for (byte b : String.valueOf(c).getBytes(StandardCharsets.UTF_8)) {
      run.add(b & 0xff);
    }
  }

  private static int[] toArray(List<Integer> l) {
    return l.stream().mapToInt(Integer::intValue).toArray();
  }

  /** The fewest bytes a matching string has. */
  public int minLength() {
    int n = head.length + tail.length;
    for (int[] m : middle) {
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
    for (int[] m : middle) {
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

  private static boolean at(byte[] s, int off, int[] run) {
    for (int k = 0; k < run.length; k++) {
      if (run[k] != ANY && (s[off + k] & 0xff) != run[k]) {
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
