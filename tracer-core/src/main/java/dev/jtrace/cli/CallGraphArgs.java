package dev.jtrace.cli;

import dev.jtrace.cli.args.BadValue;
import dev.jtrace.tracer.options.CallGraph;
import dev.jtrace.tracer.select.EventSelection;
import java.util.ArrayList;
import java.util.List;

/**
 * The call-graph words of a command line: {@code --call-graph fp|dwarf[,size]} and the per-event
 * qualifiers of {@code -e} ({@code nanosleep/max-stack=8/}, {@code open* /call-graph=dwarf,512/}),
 * which are taken off the event names before the selection reads them.
 */
final class CallGraphArgs {
  private CallGraphArgs() {}

  /** {@code path.o/terms/} or {@code path.c/terms/}. */
  private static final java.util.regex.Pattern QUALIFIED_OBJECT =
      java.util.regex.Pattern.compile("(.+\\.[oc])/([^/]*)/");

  /** A {@code --call-graph} value. */
  record Mode(CallGraph.Mode mode, int dwarfSize) {}

  static Mode mode(String v) throws BadValue {
    if (v.equals("fp")) {
      return new Mode(CallGraph.Mode.FP, CallGraph.DEFAULT_DWARF_SIZE);
    }
    if (v.equals("dwarf")) {
      return new Mode(CallGraph.Mode.DWARF, CallGraph.DEFAULT_DWARF_SIZE);
    }
    if (v.startsWith("dwarf,")) {
      int size;
      try {
        size = Integer.parseInt(v.substring(6));
      } catch (NumberFormatException e) {
        throw new BadValue("not a stack size in bytes: " + v.substring(6));
      }
      if (size <= 0 || size > 65528 || size % 8 != 0) {
        throw new BadValue("the dwarf stack size must be a multiple of 8 up to 65528: " + size);
      }
      return new Mode(CallGraph.Mode.DWARF, size);
    }
    throw new BadValue("not fp, dwarf or dwarf,SIZE: " + v);
  }

  /**
   * Splits an {@code -e} list on the commas outside qualifiers, records each qualified name's stack
   * in {@code graph}, and returns the list without the qualifiers.
   */
  static String stripQualifiers(String expr, CallGraph.Builder graph) throws BadValue {
    List<String> names = new ArrayList<>();
    int i = 0;
    while (i <= expr.length()) {
      int comma = expr.indexOf(',', i);
      String upToComma = expr.substring(i, comma < 0 ? expr.length() : comma);
      if (EventSelection.isObject(upToComma)) {
        // a path to an eBPF object: its slashes are no qualifier, but a /.../ after its name is
        // (filter.c/max-stack=5/: a stack under each line its programs output)
        java.util.regex.Matcher m = QUALIFIED_OBJECT.matcher(upToComma.strip());
        if (m.matches()) {
          CallGraph.EventStack q = qualifier(m.group(1), m.group(2));
          if (q.mode() == CallGraph.Mode.DWARF) {
            throw new BadValue(
                m.group(0) + ": an eBPF object's stacks are the kernel's (fp): use max-stack");
          }
          graph.object(m.group(1), q.maxStack());
          names.add(m.group(1));
        } else {
          names.add(upToComma);
        }
        i = (comma < 0 ? expr.length() : comma) + 1;
        continue;
      }
      int slash = -1;
      int j = i;
      while (j < expr.length() && expr.charAt(j) != ',') {
        if (expr.charAt(j) == '/') {
          slash = j;
          int close = expr.indexOf('/', j + 1);
          if (close < 0) {
            throw new BadValue("no closing / after " + expr.substring(i));
          }
          j = close;
        }
        j++;
      }
      String item = expr.substring(i, Math.min(j, expr.length()));
      if (slash >= 0) {
        String name = expr.substring(i, slash);
        String terms = expr.substring(slash + 1, j - 1);
        graph.event(name, qualifier(name, terms));
        item = name;
      }
      if (!item.isEmpty()) {
        names.add(item);
      }
      i = j + 1;
    }
    return String.join(",", names);
  }

  private static CallGraph.EventStack qualifier(String name, String terms) throws BadValue {
    CallGraph.Mode mode = null;
    int maxStack = 0;
    int dwarfSize = 0;
    String[] parts = terms.split(",");
    for (int k = 0; k < parts.length; k++) {
      String t = parts[k];
      if (t.isEmpty()) {
        continue;
      }
      int eq = t.indexOf('=');
      String key = eq < 0 ? t : t.substring(0, eq);
      String value = eq < 0 ? "" : t.substring(eq + 1);
      switch (key) {
        case "max-stack" -> {
          try {
            maxStack = Integer.parseInt(value);
          } catch (NumberFormatException e) {
            throw new BadValue(name + "/" + terms + "/: max-stack wants a number: " + value);
          }
          if (maxStack <= 0) {
            throw new BadValue(name + "/" + terms + "/: max-stack must be positive");
          }
          mode = mode == null ? CallGraph.Mode.FP : mode;
        }
        case "call-graph" -> {
          if (value.equals("dwarf") && k + 1 < parts.length && parts[k + 1].matches("\\d+")) {
            value = value + "," + parts[++k]; // call-graph=dwarf,512: the size came split off
          }
          Mode m = mode(value);
          mode = m.mode();
          dwarfSize = value.startsWith("dwarf,") ? m.dwarfSize() : 0;
        }
        default ->
            throw new BadValue(
                name + "/" + terms + "/: unknown qualifier " + key + " (max-stack, call-graph)");
      }
    }
    return new CallGraph.EventStack(mode, maxStack, dwarfSize);
  }
}
