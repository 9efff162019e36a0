package dev.jtrace.generator.tables;

import dev.jtrace.abi.model.AbiSnapshot;
import dev.jtrace.abi.model.Define;
import dev.jtrace.abi.model.EnumConstant;
import dev.jtrace.abi.model.HeaderFacts;
import dev.jtrace.abi.model.IoctlMacro;
import dev.jtrace.beauty.table.TableKind;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The select pass: the names a spec's selectors pick from the snapshot, in selection order. A name
 * picked twice keeps its first value (an arch header's definition wins over the generic one it
 * includes, as the generic header's {@code #ifndef} guards make it in C).
 */
public final class FactSelector {
  private final AbiSnapshot snapshot;

  public FactSelector(AbiSnapshot snapshot) {
    this.snapshot = snapshot;
  }

  /** Thrown when a spec names a header the snapshot lacks. */
  public static final class MissingHeaderException extends Exception {
    private static final long serialVersionUID = 1L;

    MissingHeaderException(String table, String header) {
      super("table " + table + ": the snapshot has no facts for " + header);
    }
  }

  List<Candidate> select(TableSpec spec) throws MissingHeaderException {
    List<Candidate> out = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (Selector s : spec.selectors()) {
      if (!snapshot.headers().containsKey(s.header())) {
        throw new MissingHeaderException(spec.name(), s.header());
      }
      long lastKept = Long.MIN_VALUE;
      for (String path : s.followIncludes() ? withIncludes(s.header()) : List.of(s.header())) {
        HeaderFacts h = snapshot.headers().get(path);
        if (h == null) {
          continue;
        }
        for (Candidate c : pick(s, h, spec.kind() == TableKind.IOCTL)) {
          if (spec.kind() == TableKind.FLAGS) {
            c = asUnsigned32(c);
          }
          if (s.ascending() && c.value() <= lastKept) {
            continue;
          }
          if (names.add(c.fullName())) {
            out.add(c);
            lastKept = c.value();
          }
        }
      }
    }
    return out;
  }

  /**
   * @param ioctls also the function-like macros that are ioctl commands with a size argument
   *     ({@code USBDEVFS_CONNINFO_EX(len)}), after the defines, valued with size 0
   */
  private List<Candidate> pick(Selector s, HeaderFacts h, boolean ioctls) {
    List<Candidate> out = new ArrayList<>();
    if (s.type() == FactType.ENUM) {
      for (EnumConstant e : h.enums()) {
        if (s.enumTag().isPresent() && !s.enumTag().get().equals(e.enumTag())) {
          continue;
        }
        String printed = printedName(s, e.name());
        if (printed != null) {
          keep(s, out, new Candidate(e.value() + s.addend(), printed, e.name(), h.path(), ""));
        }
      }
      return out;
    }
    for (Define d : h.defines()) {
      pickMacro(s, h, d.name(), d.value(), d.expression(), out);
    }
    if (ioctls) {
      for (IoctlMacro m : h.ioctlMacros()) {
        pickMacro(s, h, m.name(), OptionalLong.of(m.value()), m.expression(), out);
      }
    }
    return out;
  }

  private static void pickMacro(
      Selector s,
      HeaderFacts h,
      String name,
      OptionalLong evaluated,
      String expression,
      List<Candidate> out) {
    String printed = printedName(s, name);
    if (printed == null) {
      return;
    }
    if (s.text().isPresent() && !s.text().get().matcher(expression).matches()) {
      return;
    }
    Long value = null;
    if (s.valueFrom().isPresent()) {
      Matcher m = s.valueFrom().get().matcher(expression);
      if (m.matches()) {
        value = parseNumber(m.group(1));
      }
    } else if (evaluated.isPresent()) {
      value = evaluated.getAsLong();
    }
    if (value != null) {
      keep(s, out, new Candidate(value + s.addend(), printed, name, h.path(), ""));
    }
  }

  private static void keep(Selector s, List<Candidate> out, Candidate c) {
    if (s.commandType() >= 0) {
      if (((c.value() >>> 8) & 0xff) != s.commandType()) {
        return;
      }
      c = c.withValue(c.value() & 0xff);
    }
    if (!s.bitsOnly() || Long.bitCount(c.value()) <= 1) {
      out.add(c);
    }
  }

  /** {@code (1<<31)} is a negative int in C; in a flag table it is bit 31. */
  private static Candidate asUnsigned32(Candidate c) {
    if (c.value() < 0 && c.value() >= Integer.MIN_VALUE) {
      return c.withValue(c.value() & 0xffffffffL);
    }
    return c;
  }

  private static String printedName(Selector s, String name) {
    Matcher m = s.name().matcher(name);
    if (!m.matches()) {
      return null;
    }
    for (Pattern x : s.exclude()) {
      if (x.matcher(name).matches()) {
        return null;
      }
    }
    return m.groupCount() >= 1 ? m.group(1) : name;
  }

  /**
   * Every header a header includes, transitively, each before its includer (the C preprocessor's
   * order).
   */
  public List<String> includesFirst(String header) {
    LinkedHashSet<String> out = new LinkedHashSet<>();
    postOrder(header, new HashSet<>(), out);
    return List.copyOf(out);
  }

  private void postOrder(String path, Set<String> visiting, LinkedHashSet<String> out) {
    if (out.contains(path) || !visiting.add(path)) {
      return;
    }
    HeaderFacts h = snapshot.headers().get(path);
    if (h != null) {
      for (String inc : h.includes()) {
        postOrder(inc, visiting, out);
      }
    }
    out.add(path);
  }

  /** A header and every header it includes, transitively, depth first in include order. */
  public List<String> withIncludes(String header) {
    LinkedHashSet<String> seen = new LinkedHashSet<>();
    Deque<String> todo = new ArrayDeque<>();
    todo.push(header);
    while (!todo.isEmpty()) {
      String p = todo.pop();
      if (!seen.add(p)) {
        continue;
      }
      HeaderFacts h = snapshot.headers().get(p);
      if (h != null) {
        List<String> inc = h.includes();
        for (int i = inc.size() - 1; i >= 0; i--) {
          todo.push(inc.get(i));
        }
      }
    }
    return List.copyOf(seen);
  }

  static long parseNumber(String s) {
    String t = s.trim();
    if (t.startsWith("0x") || t.startsWith("0X")) {
      return Long.parseUnsignedLong(t.substring(2), 16);
    }
    if (t.length() > 1 && t.startsWith("0")) {
      return Long.parseLong(t.substring(1), 8);
    }
    return Long.parseLong(t);
  }
}
