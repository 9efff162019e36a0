package dev.jtrace.tracer.select;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Splits perf trace's -e list into its syscall part and its tracepoints: an element with a colon
 * names tracefs events ({@code sched:sched_switch}, globs on either side such as {@code
 * sched:*wakeup} or {@code signal:*}, a {@code /…/} qualifier after it left to whoever reads it),
 * anything else is a syscall element for {@link SyscallSelection}. As perf trace, a list of
 * tracepoints alone traces no syscalls.
 *
 * @param syscallExpr the syscall elements joined by commas, or null when there were none
 * @param tracepoints {@code system:name} of every event the tracepoint elements matched, in the
 *     order given, each once
 * @param objects the eBPF objects and C sources named ({@code file.o}, {@code file.c}, a {@code
 *     /…/} qualifier left out), in the order given
 */
public record EventSelection(String syscallExpr, List<String> tracepoints, List<String> objects) {

  public EventSelection(String syscallExpr, List<String> tracepoints) {
    this(syscallExpr, tracepoints, List.of());
  }

  /** Whether an -e element names an eBPF object or its C source rather than an event. */
  public static boolean isObject(String element) {
    return OBJECT.matcher(element.strip()).matches();
  }

  /** {@code path.o} or {@code path.c}, a {@code /max-stack=N/} qualifier after it. */
  private static final Pattern OBJECT = Pattern.compile("(.+\\.[oc])(/[^/]*/)?");

  /** What tracefs holds: its systems and each system's events. */
  public interface Catalog {
    List<String> systems();

    List<String> events(String system);
  }

  /** No -e: every syscall, no tracepoint. */
  public static final EventSelection SYSCALLS_ONLY = new EventSelection(null, List.of());

  /** Whether syscalls are traced: some were named, or nothing else was. */
  public boolean syscalls() {
    return syscallExpr != null || (tracepoints.isEmpty() && objects.isEmpty());
  }

  /** Parses expr (null: no -e); an element naming no event is an error naming it. */
  public static EventSelection parse(String expr, Catalog catalog)
      throws SyscallSelection.BadExpression {
    if (expr == null) {
      return SYSCALLS_ONLY;
    }
    List<String> syscalls = new ArrayList<>();
    Set<String> events = new LinkedHashSet<>();
    List<String> objects = new ArrayList<>();
    for (String raw : expr.split(",")) {
      String t = raw.strip();
      if (isObject(t)) {
        java.util.regex.Matcher m = OBJECT.matcher(t);
        m.matches();
        objects.add(m.group(1));
        continue;
      }
      if (t.indexOf(':') < 0) {
        syscalls.add(raw);
        continue;
      }
      events.addAll(resolve(withoutQualifier(t), catalog));
    }
    String syscallExpr =
        syscalls.stream().anyMatch(s -> !s.isBlank()) ? String.join(",", syscalls) : null;
    return new EventSelection(syscallExpr, List.copyOf(events), List.copyOf(objects));
  }

  /** {@code sched:sched_switch/max-stack=8/} → {@code sched:sched_switch}. */
  static String withoutQualifier(String element) {
    int slash = element.indexOf('/');
    return slash < 0 ? element : element.substring(0, slash);
  }

  /** The events {@code system:name} (globs allowed on both sides) names, or an error. */
  public static List<String> resolve(String element, Catalog catalog)
      throws SyscallSelection.BadExpression {
    int colon = element.indexOf(':');
    String system = element.substring(0, colon).strip();
    String name = element.substring(colon + 1).strip();
    if (system.isEmpty() || name.isEmpty()) {
      throw new SyscallSelection.BadExpression("-e: not SYSTEM:EVENT: '" + element + "'");
    }
    Pattern systems = SyscallSelection.glob(system);
    Pattern names = SyscallSelection.glob(name);
    List<String> out = new ArrayList<>();
    List<String> candidates = isGlob(system) ? catalog.systems() : List.of(system);
    for (String s : candidates) {
      if (!systems.matcher(s).matches()) {
        continue;
      }
      for (String n : catalog.events(s)) {
        if (names.matcher(n).matches()) {
          out.add(s + ":" + n);
        }
      }
    }
    if (out.isEmpty()) {
      throw new SyscallSelection.BadExpression(
          "-e: " + (isGlob(element) ? "no event matches '" : "unknown event '") + element + "'");
    }
    return out;
  }

  private static boolean isGlob(String s) {
    return s.indexOf('*') >= 0 || s.indexOf('?') >= 0;
  }
}
