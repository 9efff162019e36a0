package dev.jtrace.tracer.select;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Parses perf trace's -e/--expr syscall list: comma-separated names, globs ({@code open*}, {@code *sleep}),
 * strace groups ({@code file}, {@code network}, …), {@code syscall_N} or bare numbers, and a leading {@code !}
 * that negates the whole list.
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
   * @param listed the numbers the expression names (never empty)
   * @param negated whether the selection is every syscall except {@code listed}
   */
  public record Selection(Set<Integer> listed, boolean negated) {
    public boolean contains(int nr) {
      return listed.contains(nr) != negated;
    }
  }

  /** Parses expr against the arch's names. */
  public static Selection parse(String expr, SyscallNames names) throws BadExpression {
    String e = expr.strip();
    boolean negate = e.startsWith("!");
    if (negate) {
      e = e.substring(1);
    }
    Set<Integer> picked = new TreeSet<>();
    for (String raw : e.split(",")) {
      String t = raw.strip();
      if (t.isEmpty()) {
        continue;
      }
      picked.addAll(resolve(t, names));
    }
    if (picked.isEmpty()) {
      throw new BadExpression("-e '" + expr + "' selects no syscall");
    }
    return new Selection(Set.copyOf(picked), negate);
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
      names.byName().forEach((n, nr) -> {
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
