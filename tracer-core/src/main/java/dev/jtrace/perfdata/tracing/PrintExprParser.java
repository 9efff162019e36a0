package dev.jtrace.perfdata.tracing;

import dev.jtrace.perfdata.tracing.PrintExpr.Symbol;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Parses the argument list of a {@code print fmt} (the text after the format string) into {@link
 * PrintExpr}s: a recursive-descent parser of the C expressions tracepoint formats use. Anything
 * outside that subset (an unknown helper, an identifier the kernel left unresolved outside a symbol
 * table) throws {@link IllegalArgumentException}, and the format is printed field by field.
 */
final class PrintExprParser {
  private static final Set<String> TYPE_WORDS =
      Set.of(
          "unsigned",
          "signed",
          "int",
          "long",
          "short",
          "char",
          "void",
          "const",
          "volatile",
          "bool",
          "_Bool",
          "enum",
          "struct",
          "u8",
          "u16",
          "u32",
          "u64",
          "s8",
          "s16",
          "s32",
          "s64",
          "__u8",
          "__u16",
          "__u32",
          "__u64",
          "__s8",
          "__s16",
          "__s32",
          "__s64",
          "__le16",
          "__le32",
          "__le64",
          "__be16",
          "__be32",
          "__be64");

  /** Binary operators by precedence, loosest first. */
  private static final List<List<String>> LEVELS =
      List.of(
          List.of("||"),
          List.of("&&"),
          List.of("|"),
          List.of("^"),
          List.of("&"),
          List.of("==", "!="),
          List.of("<", ">", "<=", ">="),
          List.of("<<", ">>"),
          List.of("+", "-"),
          List.of("*", "/", "%"));

  private record Token(
      char kind, String text, long number) {} // kind: n(umber) s(tring) i(dent) o(p)

  private final List<Token> tokens;
  private final List<FieldFormat> fields;
  private int pos;

  private PrintExprParser(List<Token> tokens, List<FieldFormat> fields) {
    this.tokens = tokens;
    this.fields = fields;
  }

  /** The comma-separated arguments in {@code text}, which starts after the format string. */
  static List<PrintExpr> parseArguments(String text, List<FieldFormat> fields) {
    PrintExprParser p = new PrintExprParser(tokenize(text), fields);
    List<PrintExpr> out = new ArrayList<>();
    while (p.pos < p.tokens.size()) {
      p.expect(",");
      out.add(p.conditional());
    }
    return out;
  }

  private PrintExpr conditional() {
    PrintExpr test = binary(0);
    if (!accept("?")) return test;
    PrintExpr then = conditional();
    expect(":");
    return new PrintExpr.Conditional(test, then, conditional());
  }

  private PrintExpr binary(int level) {
    if (level == LEVELS.size()) return unary();
    PrintExpr left = binary(level + 1);
    while (true) {
      Token t = peek();
      if (t == null || t.kind != 'o' || !LEVELS.get(level).contains(t.text)) return left;
      pos++;
      left = new PrintExpr.Binary(t.text, left, binary(level + 1));
    }
  }

  private PrintExpr unary() {
    if (accept("-")) return new PrintExpr.Unary('-', unary());
    if (accept("~")) return new PrintExpr.Unary('~', unary());
    if (accept("!")) return new PrintExpr.Unary('!', unary());
    if (accept("+")) return unary();
    if (isCast()) {
      pos++; // (
      List<String> words = new ArrayList<>();
      boolean pointer = false;
      while (!accept(")")) {
        Token t = next();
        if (t.kind == 'o') pointer = true; // '*'
        else words.add(t.text);
      }
      return cast(words, pointer, unary());
    }
    return primary();
  }

  /** Whether a parenthesis opens a cast: only type words and stars up to the closing one. */
  private boolean isCast() {
    if (!isOp(peek(), "(")) return false;
    boolean typeWord = false;
    int i = pos + 1;
    for (; i < tokens.size(); i++) {
      Token t = tokens.get(i);
      if (isOp(t, ")")) break;
      if (isOp(t, "*")) {
        typeWord |= i > pos + 1;
        continue;
      }
      if (t.kind != 'i') return false;
      typeWord |= TYPE_WORDS.contains(t.text) || t.text.endsWith("_t");
    }
    return typeWord && i < tokens.size() && i > pos + 1;
  }

  private static PrintExpr cast(List<String> words, boolean pointer, PrintExpr operand) {
    if (pointer) return new PrintExpr.Cast(64, false, false, operand);
    boolean unsigned = words.contains("unsigned");
    int longs = (int) words.stream().filter("long"::equals).count();
    String last = words.isEmpty() ? "" : words.get(words.size() - 1);
    if (words.contains("bool") || words.contains("_Bool"))
      return new PrintExpr.Cast(8, false, true, operand);
    if (longs > 0) return new PrintExpr.Cast(64, !unsigned, false, operand);
    if (words.contains("short")) return new PrintExpr.Cast(16, !unsigned, false, operand);
    if (words.contains("char")) return new PrintExpr.Cast(8, !unsigned, false, operand);
    if (words.contains("int") || last.equals("unsigned") || last.equals("signed"))
      return new PrintExpr.Cast(32, !unsigned, false, operand);
    if (last.matches("(__)?[us](8|16|32|64)")) {
      int bits = Integer.parseInt(last.replaceAll("\\D", ""));
      return new PrintExpr.Cast(bits, last.replace("__", "").charAt(0) == 's', false, operand);
    }
    // a typedef (size_t, gfp_t, …) or enum: its width is not known here, the value stays
    return operand;
  }

  private PrintExpr primary() {
    Token t = next();
    switch (t.kind) {
      case 'n' -> {
        return new PrintExpr.Constant(t.number);
      }
      case 's' -> {
        StringBuilder sb = new StringBuilder(t.text);
        while (peek() != null && peek().kind == 's') sb.append(next().text);
        return new PrintExpr.Literal(sb.toString());
      }
      case 'o' -> {
        if (!t.text.equals("(")) throw new IllegalArgumentException("unexpected '" + t.text + "'");
        // ((void *)0) is NULL
        PrintExpr e = conditional();
        expect(")");
        return e;
      }
      default -> {
        return identifier(t.text);
      }
    }
  }

  private PrintExpr identifier(String name) {
    if (name.equals("REC")) {
      expect("->");
      FieldFormat f = field(next().text);
      int index = 0;
      if (accept("[")) {
        index = (int) constant(conditional());
        expect("]");
        if (index < 0 || (index > 0 && index >= f.arrayLength()))
          throw new IllegalArgumentException("index out of range");
      }
      return new PrintExpr.Field(f, index);
    }
    if (name.equals("true")) return new PrintExpr.Constant(1);
    if (name.equals("false")) return new PrintExpr.Constant(0);
    if (!isOp(peek(), "(")) throw new IllegalArgumentException("unresolved '" + name + "'");
    pos++;
    PrintExpr e = call(name);
    expect(")");
    return e;
  }

  private PrintExpr call(String name) {
    return switch (name) {
      case "__get_str", "__get_rel_str" -> new PrintExpr.StringField(field(next().text));
      case "__get_dynamic_array", "__get_rel_dynamic_array" ->
          new PrintExpr.ArrayField(field(next().text));
      case "__get_dynamic_array_len", "__get_rel_dynamic_array_len" ->
          new PrintExpr.ArrayLength(field(next().text));
      case "__get_bitmask", "__get_rel_bitmask", "__get_cpumask", "__get_rel_cpumask" ->
          new PrintExpr.Bitmask(field(next().text));
      case "__print_symbolic", "__print_symbolic_u64" -> {
        PrintExpr v = conditional();
        yield new PrintExpr.Symbolic(v, table());
      }
      case "__print_flags", "__print_flags_u64" -> {
        PrintExpr v = conditional();
        expect(",");
        PrintExpr delim = conditional();
        if (!(delim instanceof PrintExpr.Literal l) || l.text() == null)
          throw new IllegalArgumentException("flags delimiter is not a string");
        yield new PrintExpr.Flags(v, l.text(), table());
      }
      case "__print_hex", "__print_hex_str" -> {
        PrintExpr buf = conditional();
        expect(",");
        yield new PrintExpr.Hex(buf, conditional(), name.equals("__print_hex"));
      }
      case "__print_array" -> {
        PrintExpr buf = conditional();
        expect(",");
        PrintExpr count = conditional();
        expect(",");
        yield new PrintExpr.Array(buf, count, (int) constant(conditional()));
      }
      default -> throw new IllegalArgumentException("unknown helper " + name);
    };
  }

  /**
   * {@code , { v, "name" }, …} up to the closing parenthesis. An entry whose value is a name the
   * kernel did not resolve to a number never matches (perf prints such values in hex); {@code { -1,
   * NULL }} ends the table.
   */
  private List<Symbol> table() {
    List<Symbol> out = new ArrayList<>();
    while (accept(",")) {
      expect("{");
      int start = pos;
      Long value;
      try {
        value = constant(conditional());
      } catch (IllegalArgumentException unresolved) {
        value = null;
        pos = start;
        skipTo(",");
      }
      expect(",");
      PrintExpr name = conditional();
      expect("}");
      if (name instanceof PrintExpr.Literal l) {
        if (value != null && l.text() != null) out.add(new Symbol(value, l.text()));
      } else if (constant(name) != 0) {
        throw new IllegalArgumentException("symbol name is not a string");
      } // else NULL: the table's end mark
    }
    return List.copyOf(out);
  }

  /** Skips to the next top-level token {@code op} (not consuming it). */
  private void skipTo(String op) {
    int depth = 0;
    while (pos < tokens.size()) {
      Token t = tokens.get(pos);
      if (depth == 0 && isOp(t, op)) return;
      if (isOp(t, "(") || isOp(t, "{")) depth++;
      if (isOp(t, ")") || isOp(t, "}")) depth--;
      pos++;
    }
  }

  private static long constant(PrintExpr e) {
    try {
      return e.value(null);
    } catch (NullPointerException needsPayload) {
      throw new IllegalArgumentException("not a constant");
    }
  }

  private FieldFormat field(String name) {
    for (FieldFormat f : fields) {
      if (f.name().equals(name)) return f;
    }
    throw new IllegalArgumentException("no field " + name);
  }

  private Token peek() {
    return pos < tokens.size() ? tokens.get(pos) : null;
  }

  private Token next() {
    if (pos >= tokens.size()) throw new IllegalArgumentException("unexpected end");
    return tokens.get(pos++);
  }

  private boolean accept(String op) {
    if (!isOp(peek(), op)) return false;
    pos++;
    return true;
  }

  private void expect(String op) {
    if (!accept(op)) throw new IllegalArgumentException("expected '" + op + "'");
  }

  private static boolean isOp(Token t, String op) {
    return t != null && t.kind == 'o' && t.text.equals(op);
  }

  private static final List<String> OPERATORS =
      List.of(
          "->", "<<", ">>", "<=", ">=", "==", "!=", "&&", "||", "+", "-", "*", "/", "%", "&", "|",
          "^", "~", "!", "<", ">", "?", ":", "(", ")", "[", "]", "{", "}", ",", ".");

  private static List<Token> tokenize(String s) {
    List<Token> out = new ArrayList<>();
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (Character.isDigit(c)) {
        int start = i;
        while (i < s.length() && Character.isLetterOrDigit(s.charAt(i))) i++;
        String lit = s.substring(start, i).replaceAll("[uUlL]+$", "");
        long v =
            lit.startsWith("0x") || lit.startsWith("0X")
                ? Long.parseUnsignedLong(lit.substring(2), 16)
                : lit.length() > 1 && lit.startsWith("0")
                    ? Long.parseUnsignedLong(lit.substring(1), 8)
                    : Long.parseUnsignedLong(lit);
        out.add(new Token('n', lit, v));
      } else if (Character.isLetter(c) || c == '_') {
        int start = i;
        while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_'))
          i++;
        out.add(new Token('i', s.substring(start, i), 0));
      } else if (c == '"') {
        StringBuilder sb = new StringBuilder();
        i++;
        while (i < s.length() && s.charAt(i) != '"') {
          char ch = s.charAt(i++);
          if (ch == '\\' && i < s.length()) ch = unescape(s.charAt(i++));
          sb.append(ch);
        }
        if (i >= s.length()) throw new IllegalArgumentException("unterminated string");
        i++;
        out.add(new Token('s', sb.toString(), 0));
      } else if (c == '\'') {
        if (i + 2 >= s.length()) throw new IllegalArgumentException("bad character constant");
        char ch = s.charAt(i + 1);
        int len = 3;
        if (ch == '\\') {
          ch = unescape(s.charAt(i + 2));
          len = 4;
        }
        out.add(new Token('n', "'", ch));
        i += len;
      } else {
        String op = null;
        for (String o : OPERATORS) {
          if (s.startsWith(o, i)) {
            op = o;
            break;
          }
        }
        if (op == null) throw new IllegalArgumentException("unexpected '" + c + "'");
        out.add(new Token('o', op, 0));
        i += op.length();
      }
    }
    return out;
  }

  static char unescape(char c) {
    return switch (c) {
      case 'n' -> '\n';
      case 't' -> '\t';
      case '0' -> '\0';
      default -> c;
    };
  }
}
