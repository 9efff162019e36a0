package dev.jtrace.tracer.select;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Parses perf trace's -e/--expr syscall list: comma-separated names, globs ({@code open*}, {@code
 * *sleep}), strace groups ({@code file}, {@code %network}, …), {@code syscall_N} or bare numbers. A
 * {@code !} negates its own element, and the elements apply left to right: {@code file,!close} is
 * the file group but close, {@code !close} everything but close, {@code !file,openat} everything
 * but the file group, openat back in. strace's spelling {@code trace=%file,!close} is accepted too.
 */
public final class SyscallSelection {
  private SyscallSelection() {}

  /** A bad -e: the message names the token. */
  public static final class BadExpression extends Exception {
    public BadExpression(String message) {
      super(message);
    }
  }

  private static final Pattern NUMBERED = Pattern.compile("(?:syscall_)?(\\d+)");

  /**
   * The syscalls an expression selects: the listed numbers, or every syscall but them when negated.
   *
   * @param listed the numbers selected, or when negated the numbers left out (never empty)
   * @param negated whether the selection is every syscall except {@code listed}
   */
  public record Selection(Set<Integer> listed, boolean negated) {
    public boolean contains(int nr) {
      return listed.contains(nr) != negated;
    }
  }

  /**
   * Parses expr against the arch's names; null when it excludes nothing ({@code !close,close}):
   * every syscall, as without -e.
   */
  public static Selection parse(String expr, SyscallNames names) throws BadExpression {
    // a list that starts with a negation starts from every syscall and collects what is excluded
    Boolean negated = null;
    Set<Integer> picked = new TreeSet<>();
    for (String raw : expr.split(",")) {
      String t = raw.strip();
      if (t.startsWith("trace=")) {
        t = t.substring("trace=".length()).strip();
      }
      boolean not = t.startsWith("!");
      if (not) {
        t = t.substring(1).strip();
      }
      if (t.isEmpty()) {
        continue;
      }
      if (negated == null) {
        negated = not;
      }
      List<Integer> nrs = resolve(t, names);
      if (not == negated) {
        picked.addAll(nrs);
      } else {
        picked.removeAll(nrs);
      }
    }
    if (picked.isEmpty()) {
      if (Boolean.TRUE.equals(negated)) {
        return null;
      }
      throw new BadExpression("-e '" + expr + "' selects no syscall");
    }
    return new Selection(Set.copyOf(picked), negated);
  }

  private static List<Integer> resolve(String token, SyscallNames names) throws BadExpression {
    var m = NUMBERED.matcher(token);
    if (m.matches()) {
      int nr = Integer.parseInt(m.group(1));
      if (nr >= SyscallNames.MAX_NR) {
        throw new BadExpression("-e: syscall number " + nr + " out of range");
      }
      return List.of(nr);
    }
    List<Integer> out = new ArrayList<>();
    List<String> group = SyscallGroups.members(token);
    if (group != null) {
      for (String n : group) {
        Integer nr = names.byName().get(n);
        if (nr != null) {
          out.add(nr);
        }
      }
      return out;
    }
    if (token.indexOf('*') >= 0 || token.indexOf('?') >= 0) {
      Pattern p = glob(token);
      names
          .byName()
          .forEach(
              (n, nr) -> {
                if (p.matcher(n).matches()) {
                  out.add(nr);
                }
              });
      if (out.isEmpty()) {
        throw new BadExpression("-e: no syscall matches '" + token + "'");
      }
      return out;
    }
    Integer nr = names.byName().get(token);
    if (nr == null) {
      throw new BadExpression("-e: unknown syscall '" + token + "'");
    }
    return List.of(nr);
  }

  static Pattern glob(String g) {
    StringBuilder re = new StringBuilder();
    for (char c : g.toCharArray()) {
      switch (c) {
        case '*' -> re.append(".*");
        case '?' -> re.append('.');
        default -> re.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(re.toString());
  }
}
