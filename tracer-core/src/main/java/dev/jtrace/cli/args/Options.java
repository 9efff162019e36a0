package dev.jtrace.cli.args;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A command's options, declared once: what the parser accepts, what {@code --help} prints, and how
 * every usage error is worded. Spellings are perf's: {@code --name=value}, {@code --name value},
 * {@code -xvalue}, {@code -x value}, bundled short flags ({@code -sT}), a long name cut short while
 * it names one option ({@code --dur}), and {@code --} before a command. No reflection: a spec is a
 * list of {@link Option}s, and a parse is one pass over the arguments.
 */
public final class Options {
  /** What the arguments that are not options are. */
  public enum Rest {
    /** None are allowed. */
    NONE,
    /** Operands, anywhere among the options ({@code tables --arch arm64 syscalls}). */
    OPERANDS,
    /**
     * A command to run: the first non-option and everything after it, or everything after {@code
     * --}.
     */
    COMMAND
  }

  enum Kind {
    FLAG,
    TOGGLE,
    VALUE,
    REPEATED
  }

  /** One declared option; a {@link ParsedArgs} is asked with it. */
  public static final class Option<T> {
    final Kind kind;
    final String names;
    final String negation;
    final String metavar;
    final String help;
    final ValueParser<T> parser;
    final int index;

    private Option(
        Kind kind,
        String names,
        String negation,
        String metavar,
        String help,
        ValueParser<T> parser,
        int index) {
      this.kind = kind;
      this.names = names;
      this.negation = negation;
      this.metavar = metavar;
      this.help = help;
      this.parser = parser;
      this.index = index;
    }

    boolean takesValue() {
      return kind == Kind.VALUE || kind == Kind.REPEATED;
    }
  }

  /** Where the help text puts the descriptions. */
  private static final int HELP_COLUMN = 26;

  private final String command;
  private final String synopsis;
  private final Rest rest;
  private final List<Option<?>> options = new ArrayList<>();
  private final Map<String, Option<?>> byName = new HashMap<>();
  private final Option<Boolean> help;
  private String footer = "";

  /**
   * @param command how errors and help name the command ({@code jtrace}, {@code jtrace record})
   * @param synopsis the first line of {@code --help}
   * @param rest what the non-option arguments are
   */
  public Options(String command, String synopsis, Rest rest) {
    this.command = command;
    this.synopsis = synopsis;
    this.rest = rest;
    this.help = add(Kind.FLAG, "-h, --help", null, null, "this text", null);
  }

  /**
   * An option without a value. {@code names}: its spellings, comma-separated ({@code "-a,
   * --all-cpus"}).
   */
  public Option<Boolean> flag(String names, String help) {
    return add(Kind.FLAG, names, null, null, help, null);
  }

  /** A yes/no option with a {@code --no-} spelling; the last one given wins. */
  public Option<Boolean> toggle(String yes, String no, String help) {
    Option<Boolean> o = add(Kind.TOGGLE, yes, no, null, help, null);
    name(no, o);
    return o;
  }

  /** An option with a value; given twice, the last one wins. */
  public <T> Option<T> value(String names, String metavar, String help, ValueParser<T> parser) {
    return add(Kind.VALUE, names, null, metavar, help, parser);
  }

  /**
   * An option with a value that may be given more than once; {@link ParsedArgs#all} has each in
   * order.
   */
  public <T> Option<T> repeated(String names, String metavar, String help, ValueParser<T> parser) {
    return add(Kind.REPEATED, names, null, metavar, help, parser);
  }

  /** One more spelling of an option that {@code --help} does not show (perf's old names). */
  public Options alias(String name, Option<?> option) {
    name(name, option);
    return this;
  }

  /** Lines that {@code --help} prints after the options. */
  public Options footer(String text) {
    this.footer = text;
    return this;
  }

  /** A usage error of this command, worded as every other: {@code jtrace record: <problem>}. */
  public BadArgs error(String problem) {
    return new BadArgs(command + ": " + problem);
  }

  /** The {@code --help} text: the synopsis, one line per option, the footer. */
  public String help() {
    StringBuilder b = new StringBuilder(1024).append(synopsis).append('\n');
    for (Option<?> o : options) {
      if (o != help) {
        helpLine(b, o);
      }
    }
    helpLine(b, help);
    if (!footer.isEmpty()) {
      b.append('\n').append(footer);
      if (!footer.endsWith("\n")) {
        b.append('\n');
      }
    }
    return b.toString();
  }

  /**
   * What every command does with its command line: parse it, print {@link #help()} on {@code
   * --help} (status 0), print a usage error as its one line (status 2), or else run {@code work}.
   */
  public int run(String[] args, PrintStream out, PrintStream err, Command work) {
    try {
      ParsedArgs parsed = parse(args);
      if (parsed.helpAsked()) {
        out.print(help());
        out.flush();
        return 0;
      }
      return work.run(parsed);
    } catch (BadArgs e) {
      err.println(e.getMessage());
      return BadArgs.STATUS;
    }
  }

  /**
   * Parses a command line; {@link ParsedArgs#helpAsked()} once {@code -h}/{@code --help} is seen.
   */
  public ParsedArgs parse(String[] args) throws BadArgs {
    ParsedArgs parsed = new ParsedArgs(this, options.size());
    int i = 0;
    while (i < args.length && !parsed.helpAsked()) {
      String a = args[i++];
      if (a.equals("--")) {
        restAfter(parsed, args, i);
        break;
      }
      if (a.startsWith("--")) {
        int eq = a.indexOf('=');
        String name = longName(eq < 0 ? a : a.substring(0, eq));
        Option<?> o = lookUp(name);
        String value = null;
        if (o.takesValue()) {
          if (eq >= 0) {
            value = a.substring(eq + 1);
          } else if (i < args.length) {
            value = args[i++];
          } else {
            throw needsValue(name, o);
          }
        } else if (eq >= 0) {
          throw error("option " + name + " takes no value");
        }
        parsed.set(o, name, value);
      } else if (a.length() > 1 && a.charAt(0) == '-') {
        // a cluster of short options: flags bundle (-sT), a value option takes the rest (-p12) or
        // the next
        for (int k = 1; k < a.length(); k++) {
          String name = "-" + a.charAt(k);
          Option<?> o = lookUp(name);
          if (!o.takesValue()) {
            parsed.set(o, name, null);
            continue;
          }
          String value;
          if (k + 1 < a.length()) {
            value = a.substring(k + 1);
          } else if (i < args.length) {
            value = args[i++];
          } else {
            throw needsValue(name, o);
          }
          parsed.set(o, name, value);
          break;
        }
      } else if (rest == Rest.COMMAND) {
        restAfter(parsed, args, i - 1);
        break;
      } else if (rest == Rest.OPERANDS) {
        parsed.operand(a);
      } else {
        throw error("unexpected argument " + a + " (see " + command + " --help)");
      }
    }
    return parsed;
  }

  boolean isHelp(Option<?> o) {
    return o == help;
  }

  private void restAfter(ParsedArgs parsed, String[] args, int from) throws BadArgs {
    if (from >= args.length) {
      return;
    }
    if (rest == Rest.NONE) {
      throw error("unexpected argument " + args[from] + " (see " + command + " --help)");
    }
    for (int k = from; k < args.length; k++) {
      parsed.operand(args[k]);
    }
  }

  /**
   * A long option's full name: as given, or the one name it abbreviates ({@code --dur}), as perf
   * allows.
   */
  private String longName(String given) throws BadArgs {
    if (byName.containsKey(given)) {
      return given;
    }
    List<String> candidates = new ArrayList<>();
    for (String n : byName.keySet()) {
      if (n.startsWith(given) && n.startsWith("--")) {
        candidates.add(n);
      }
    }
    if (candidates.size() > 1) {
      candidates.sort(null);
      throw error("option " + given + " is ambiguous: " + String.join(", ", candidates));
    }
    return candidates.isEmpty() ? given : candidates.get(0);
  }

  private Option<?> lookUp(String name) throws BadArgs {
    Option<?> o = byName.get(name);
    if (o == null) {
      throw error("unknown option " + name + " (see " + command + " --help)");
    }
    return o;
  }

  private BadArgs needsValue(String name, Option<?> o) {
    return error("option " + name + " needs a value (" + o.metavar + ")");
  }

  private <T> Option<T> add(
      Kind kind,
      String names,
      String negation,
      String metavar,
      String help,
      ValueParser<T> parser) {
    Option<T> o = new Option<>(kind, names, negation, metavar, help, parser, options.size());
    options.add(o);
    for (String n : names.split(", ")) {
      name(n, o);
    }
    return o;
  }

  private void name(String name, Option<?> o) {
    if (!name.startsWith("-") || byName.putIfAbsent(name, o) != null) {
      throw new IllegalArgumentException("option name " + name + " is not new or not an option");
    }
  }

  private static void helpLine(StringBuilder b, Option<?> o) {
    int start = b.length();
    b.append(o.names.startsWith("--") ? "      " : "  ").append(o.names);
    if (o.negation != null) {
      b.append(", ").append(o.negation);
    }
    if (o.metavar != null) {
      b.append(" <").append(o.metavar).append('>');
    }
    do {
      b.append(' ');
    } while (b.length() - start < HELP_COLUMN);
    b.append(o.help).append('\n');
  }
}
