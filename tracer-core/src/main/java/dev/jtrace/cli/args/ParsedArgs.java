package dev.jtrace.cli.args;

import java.util.ArrayList;
import java.util.List;

/**
 * One parsed command line: each option's value (or values), as the user spelled it, and the rest.
 */
public final class ParsedArgs {
  private final Options spec;
  private final Object[] values;
  private final String[] spelled;
  private final List<String> rest = new ArrayList<>();
  private boolean helpAsked;

  ParsedArgs(Options spec, int size) {
    this.spec = spec;
    this.values = new Object[size];
    this.spelled = new String[size];
  }

  /** {@code -h}/{@code --help} was given: print {@link Options#help()} and do nothing else. */
  public boolean helpAsked() {
    return helpAsked;
  }

  /** Whether the option was given at all. */
  public boolean has(Options.Option<?> o) {
    return spelled[o.index] != null;
  }

  /**
   * The option as the user last spelled it ({@code -p}, {@code --pid}), for messages; null if not
   * given.
   */
  public String spelling(Options.Option<?> o) {
    return spelled[o.index];
  }

  /** A flag's or toggle's state, {@code fallback} when it was not given. */
  public boolean flag(Options.Option<Boolean> o, boolean fallback) {
    Object v = values[o.index];
    return v == null ? fallback : (Boolean) v;
  }

  /** A value option's value, or {@code fallback} when it was not given. */
  @SuppressWarnings("unchecked") // values[i] is only ever set from option i's own parser
  public <T> T get(Options.Option<T> o, T fallback) {
    Object v = values[o.index];
    return v == null ? fallback : (T) v;
  }

  /** Every value of a repeated option, in the order given (empty when it was not). */
  @SuppressWarnings("unchecked") // values[i] is only ever set from option i's own parser
  public <T> List<T> all(Options.Option<T> o) {
    Object v = values[o.index];
    return v == null ? List.of() : List.copyOf((List<T>) v);
  }

  /** The command to run or the operands, as {@link Options.Rest} says. */
  public List<String> rest() {
    return List.copyOf(rest);
  }

  /**
   * A usage error found after parsing (two options that exclude each other), worded as the parser's
   * own.
   */
  public BadArgs error(String problem) {
    return spec.error(problem);
  }

  void operand(String a) {
    rest.add(a);
  }

  @SuppressWarnings("unchecked") // a REPEATED option's slot only ever holds its own list
  void set(Options.Option<?> o, String name, String text) throws BadArgs {
    spelled[o.index] = name;
    switch (o.kind) {
      case FLAG -> {
        values[o.index] = Boolean.TRUE;
        helpAsked |= spec.isHelp(o);
      }
      case TOGGLE -> values[o.index] = !name.equals(o.negation);
      case VALUE -> values[o.index] = parse(o, name, text);
      case REPEATED -> {
        if (values[o.index] == null) {
          values[o.index] = new ArrayList<>();
        }
        ((List<Object>) values[o.index]).add(parse(o, name, text));
      }
    }
  }

  private Object parse(Options.Option<?> o, String name, String text) throws BadArgs {
    try {
      return o.parser.parse(text);
    } catch (BadValue e) {
      throw spec.error(name + ": " + e.getMessage());
    }
  }
}
