package dev.jtrace.abi.cheader;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A C preprocessor for kernel headers: conditionals, includes, macros. One instance per translation
 * unit.
 */
public final class Preprocessor {
  private static final int MAX_INCLUDE_DEPTH = 64;

  private final HeaderSource source;
  private final TargetArch arch;
  private final Map<String, Macro> macros = new LinkedHashMap<>();
  private final MacroExpander expander = new MacroExpander(macros);
  private final List<PpToken> code = new ArrayList<>();
  private final Map<String, Map<String, Macro>> defines = new LinkedHashMap<>();
  private final Map<String, List<String>> includes = new LinkedHashMap<>();
  private final Map<String, Map<String, String>> comments = new LinkedHashMap<>();
  private final Set<String> pragmaOnce = new HashSet<>();
  private int depth;

  public Preprocessor(HeaderSource source, TargetArch arch) {
    this.source = source;
    this.arch = arch;
    for (Map.Entry<String, String> e : arch.predefined().entrySet()) {
      macros.put(
          e.getKey(),
          new Macro(
              e.getKey(),
              null,
              false,
              HeaderLexer.tokens("<built-in>", 0, 0, e.getValue()),
              "<built-in>",
              0));
    }
  }

  /** Defines a macro before processing, e.g. {@code __ARCH_WANT_RENAMEAT}. */
  public void define(String name, String value) {
    macros.put(
        name,
        new Macro(
            name,
            null,
            false,
            HeaderLexer.tokens("<command-line>", 0, 0, value),
            "<command-line>",
            0));
  }

  /** Preprocesses {@code root} as a translation unit of its own. */
  public PreprocessedUnit process(String root) {
    // What a program gets from libc's <sys/ioctl.h> (asm/ioctls.h, linux/ioctl.h) before it
    // includes a
    // header that uses _IOR & co. or FIONREAD without including them itself (sound/asound.h does).
    source
        .resolve("asm/ioctls.h", true, root, arch)
        .filter(p -> !p.equals(root))
        .ifPresent(this::processFile);
    source
        .resolve("linux/ioctl.h", true, root, arch)
        .filter(p -> !p.equals(root))
        .ifPresent(this::processFile);
    processFile(root);
    return new PreprocessedUnit(
        root, List.copyOf(code), Map.copyOf(macros), defines, includes, comments);
  }

  /** One open #if group. */
  private static final class Conditional {
    final PpToken where;
    final boolean parentActive;
    boolean taken;
    boolean active;
    boolean sawElse;

    Conditional(PpToken where, boolean parentActive) {
      this.where = where;
      this.parentActive = parentActive;
    }
  }

  private void processFile(String path) {
    if (pragmaOnce.contains(path)) {
      return;
    }
    if (++depth > MAX_INCLUDE_DEPTH) {
      throw new HeaderSyntaxException(
          path, 1, 1, "expected includes to nest less than " + MAX_INCLUDE_DEPTH + " deep");
    }
    defines.computeIfAbsent(path, k -> new LinkedHashMap<>());
    includes.computeIfAbsent(path, k -> new ArrayList<>());
    comments.computeIfAbsent(path, k -> new LinkedHashMap<>());
    List<Conditional> stack = new ArrayList<>();
    List<PpToken> pending = new ArrayList<>();
    for (List<PpToken> rawLine : HeaderLexer.lines(path, source.read(path))) {
      List<PpToken> line = new ArrayList<>(rawLine.size());
      String trailingComment = null;
      for (PpToken t : rawLine) {
        if (t.is(CLexer.BlockComment) || t.is(CLexer.LineComment)) {
          trailingComment = t.text();
        } else {
          line.add(t);
          trailingComment = null;
        }
      }
      boolean active = stack.isEmpty() || stack.get(stack.size() - 1).active;
      if (line.isEmpty()) {
        continue;
      }
      if (!line.get(0).is(CLexer.Hash)) {
        if (active) {
          pending.addAll(line);
        }
        continue;
      }
      flush(pending, false);
      if (line.size() == 1) {
        continue; // the null directive
      }
      PpToken directive = line.get(1);
      List<PpToken> rest = line.subList(2, line.size());
      switch (directive.text()) {
        case "if" -> {
          Conditional c = new Conditional(directive, active);
          c.active = active && condition(rest, directive);
          c.taken = c.active;
          stack.add(c);
        }
        case "ifdef", "ifndef" -> {
          Conditional c = new Conditional(directive, active);
          String name = identifier(rest, directive);
          boolean defined = macros.containsKey(name) || KernelConfig.isOption(name);
          c.active = active && (directive.text().equals("ifdef") == defined);
          c.taken = c.active;
          stack.add(c);
        }
        case "elif" -> {
          Conditional c = top(stack, directive);
          if (c.sawElse) {
            throw HeaderSyntaxException.at(directive, "expected #endif after #else, found #elif");
          }
          c.active = c.parentActive && !c.taken && condition(rest, directive);
          c.taken |= c.active;
        }
        case "else" -> {
          Conditional c = top(stack, directive);
          if (c.sawElse) {
            throw HeaderSyntaxException.at(
                directive, "expected #endif after #else, found another #else");
          }
          c.sawElse = true;
          c.active = c.parentActive && !c.taken;
          c.taken = true;
        }
        case "endif" -> {
          top(stack, directive);
          stack.remove(stack.size() - 1);
        }
        default -> {
          if (active) {
            directive(path, directive, rest, trailingComment);
          }
        }
      }
    }
    flush(pending, true);
    if (!stack.isEmpty()) {
      PpToken open = stack.get(stack.size() - 1).where;
      throw HeaderSyntaxException.at(
          open, "expected #endif to close this #" + open.text() + " before the end of the file");
    }
    depth--;
  }

  private static Conditional top(List<Conditional> stack, PpToken directive) {
    if (stack.isEmpty()) {
      throw HeaderSyntaxException.at(
          directive, "expected #if, #ifdef or #ifndef before #" + directive.text());
    }
    return stack.get(stack.size() - 1);
  }

  private void directive(
      String path, PpToken directive, List<PpToken> rest, String trailingComment) {
    switch (directive.text()) {
      case "define" -> define(path, directive, rest, trailingComment);
      case "undef" -> macros.remove(identifier(rest, directive));
      case "include", "include_next" -> include(path, directive, rest);
      case "pragma" -> {
        if (!rest.isEmpty() && rest.get(0).text().equals("once")) {
          pragmaOnce.add(path);
        }
      }
      default -> {
        // #error, #warning, #line, #ident and unknown directives carry no facts.
      }
    }
  }

  private static String identifier(List<PpToken> rest, PpToken directive) {
    if (rest.isEmpty() || !rest.get(0).is(CLexer.Identifier)) {
      PpToken at = rest.isEmpty() ? directive : rest.get(0);
      throw HeaderSyntaxException.at(at, "expected a macro name after #" + directive.text());
    }
    return rest.get(0).text();
  }

  private void define(String path, PpToken directive, List<PpToken> rest, String trailingComment) {
    String name = identifier(rest, directive);
    List<String> params = null;
    boolean variadic = false;
    int bodyStart = 1;
    if (rest.size() > 1 && rest.get(1).is(CLexer.LeftParen) && !rest.get(1).spaceBefore()) {
      params = new ArrayList<>();
      int i = 2;
      while (true) {
        if (i >= rest.size()) {
          throw HeaderSyntaxException.at(
              rest.get(rest.size() - 1), "expected ')' to end the parameters of macro " + name);
        }
        PpToken p = rest.get(i);
        if (p.is(CLexer.RightParen) && params.isEmpty()) {
          i++;
          break;
        }
        if (p.is(CLexer.Ellipsis)) {
          params.add("__VA_ARGS__");
          variadic = true;
          i++;
        } else if (p.is(CLexer.Identifier)) {
          params.add(p.text());
          i++;
          if (i < rest.size() && rest.get(i).is(CLexer.Ellipsis)) {
            variadic = true;
            i++;
          }
        } else {
          throw HeaderSyntaxException.at(p, "expected a parameter name in macro " + name);
        }
        if (i < rest.size() && rest.get(i).is(CLexer.Comma) && !variadic) {
          i++;
          continue;
        }
        if (i < rest.size() && rest.get(i).is(CLexer.RightParen)) {
          i++;
          break;
        }
        PpToken at = i < rest.size() ? rest.get(i) : rest.get(rest.size() - 1);
        throw HeaderSyntaxException.at(
            at, "expected ',' or ')' in the parameters of macro " + name);
      }
      bodyStart = i;
    }
    List<PpToken> body = new ArrayList<>(rest.subList(bodyStart, rest.size()));
    if (!body.isEmpty()) {
      body.set(0, body.get(0).withSpaceBefore(false));
    }
    Macro m = new Macro(name, params, variadic, body, path, directive.line());
    macros.put(name, m);
    Map<String, Macro> fileDefines = defines.get(path);
    fileDefines.remove(name); // a redefinition replaces the earlier one
    fileDefines.put(name, m);
    if (trailingComment != null) {
      comments.get(path).put(name, commentText(trailingComment));
    } else {
      comments.get(path).remove(name);
    }
  }

  private static String commentText(String comment) {
    String s =
        comment.startsWith("//")
            ? comment.substring(2)
            : comment.substring(2, comment.length() - 2);
    return s.replaceAll("\\s+", " ").strip();
  }

  private void include(String path, PpToken directive, List<PpToken> rest) {
    if (rest.isEmpty()) {
      throw HeaderSyntaxException.at(directive, "expected <file> or \"file\" after #include");
    }
    List<PpToken> operand = rest;
    if (!rest.get(0).is(CLexer.HeaderName) && !rest.get(0).is(CLexer.StringLiteral)) {
      operand = expander.expand(rest);
    }
    String name;
    boolean angled;
    PpToken first = operand.isEmpty() ? rest.get(0) : operand.get(0);
    if (first.is(CLexer.HeaderName)) {
      name = first.text().substring(1, first.text().length() - 1);
      angled = true;
    } else if (first.is(CLexer.StringLiteral) && first.text().startsWith("\"")) {
      name = first.text().substring(1, first.text().length() - 1);
      angled = false;
    } else if (first.is(CLexer.Less)) {
      StringBuilder sb = new StringBuilder();
      for (int i = 1; i < operand.size() && !operand.get(i).is(CLexer.Greater); i++) {
        sb.append(operand.get(i).text());
      }
      name = sb.toString();
      angled = true;
    } else {
      throw HeaderSyntaxException.at(first, "expected <file> or \"file\" after #include");
    }
    Optional<String> resolved = source.resolve(name, angled, path, arch);
    if (resolved.isEmpty()) {
      return; // libc or compiler header: not part of the kernel's ABI facts
    }
    includes.get(path).add(resolved.get());
    processFile(resolved.get());
  }

  /**
   * Expands the text lines gathered so far. A macro call whose arguments continue after the next
   * directive stays pending, unless the file ends.
   */
  private void flush(List<PpToken> pending, boolean endOfFile) {
    if (!pending.isEmpty()) {
      List<PpToken> leftover = new ArrayList<>();
      code.addAll(expander.expand(pending, endOfFile ? null : leftover));
      pending.clear();
      pending.addAll(leftover);
    }
  }

  private boolean condition(List<PpToken> rest, PpToken directive) {
    List<PpToken> replaced = new ArrayList<>();
    for (int i = 0; i < rest.size(); i++) {
      PpToken t = rest.get(i);
      if (t.isIdentifier("defined")) {
        int j = i + 1;
        boolean paren = j < rest.size() && rest.get(j).is(CLexer.LeftParen);
        if (paren) {
          j++;
        }
        if (j >= rest.size() || !rest.get(j).is(CLexer.Identifier)) {
          throw HeaderSyntaxException.at(
              j < rest.size() ? rest.get(j) : t, "expected a macro name after defined");
        }
        String name = rest.get(j).text();
        boolean d = macros.containsKey(name) || KernelConfig.isOption(name);
        if (paren) {
          j++;
          if (j >= rest.size() || !rest.get(j).is(CLexer.RightParen)) {
            throw HeaderSyntaxException.at(
                j < rest.size() ? rest.get(j) : rest.get(j - 1), "expected ')' after defined(name");
          }
        }
        replaced.add(
            new PpToken(
                CLexer.Number,
                d ? "1" : "0",
                t.file(),
                t.line(),
                t.column(),
                t.spaceBefore(),
                Set.of()));
        i = j;
      } else {
        replaced.add(t);
      }
    }
    List<PpToken> expanded = expander.expand(replaced);
    List<PpToken> zeroed = new ArrayList<>(expanded.size());
    for (int i = 0; i < expanded.size(); i++) {
      PpToken t = expanded.get(i);
      if (t.is(CLexer.Identifier)) {
        // IS_ENABLED(CONFIG_X) & co. as KernelConfig says; __has_include(x) and other unknown
        // function-like names, and unknown names: 0.
        int value = 0;
        if (i + 1 < expanded.size() && expanded.get(i + 1).is(CLexer.LeftParen)) {
          int d = 0;
          int j = i + 1;
          for (; j < expanded.size(); j++) {
            if (expanded.get(j).is(CLexer.LeftParen)) {
              d++;
            } else if (expanded.get(j).is(CLexer.RightParen) && --d == 0) {
              break;
            }
          }
          value =
              Math.max(
                  0,
                  KernelConfig.test(
                      t.text(), expanded.subList(i + 2, Math.min(j, expanded.size()))));
          i = j;
        }
        zeroed.add(
            new PpToken(
                CLexer.Number,
                Integer.toString(value),
                t.file(),
                t.line(),
                t.column(),
                t.spaceBefore(),
                Set.of()));
      } else {
        zeroed.add(t);
      }
    }
    try {
      return ExpressionEvaluator.forConditions().evaluate(zeroed, directive).isTrue();
    } catch (UnknownValueException e) {
      throw HeaderSyntaxException.at(
          directive,
          "expected an #" + directive.text() + " condition with a value (" + e.getMessage() + ")");
    }
  }
}
