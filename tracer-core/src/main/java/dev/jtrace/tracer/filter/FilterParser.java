package dev.jtrace.tracer.filter;

import dev.jtrace.tracer.filter.FilterExpr.And;
import dev.jtrace.tracer.filter.FilterExpr.Compare;
import dev.jtrace.tracer.filter.FilterExpr.Glob;
import dev.jtrace.tracer.filter.FilterExpr.Name;
import dev.jtrace.tracer.filter.FilterExpr.Not;
import dev.jtrace.tracer.filter.FilterExpr.Op;
import dev.jtrace.tracer.filter.FilterExpr.Or;
import dev.jtrace.tracer.filter.FilterExpr.Value;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a {@code --filter} expression:
 *
 * <pre>
 * expr    := and ('||' and)*
 * and     := unary ('&amp;&amp;' unary)*
 * unary   := '!' unary | '(' expr ')' | test
 * test    := ARG ('&amp;' value)? (OP value)?       OP: == != &lt; &lt;= &gt; &gt;=
 *          | ARG ('~' | '!~') STRING               a glob: * and ? (\ quotes the next char)
 * value   := atom ('|' atom)*                      atom: NUMBER | -NUMBER | NAME
 * </pre>
 *
 * A test without an operator needs the mask ({@code flags & CLOEXEC}: any of the bits set). Numbers
 * are decimal, 0x hex or 0 octal, as in C.
 */
public final class FilterParser {
  private final String text;
  private int pos;

  private FilterParser(String text) {
    this.text = text;
  }

  /** Parses the whole expression, or throws with the position of the first thing not expected. */
  public static FilterExpr parse(String text) throws FilterException {
    FilterParser p = new FilterParser(text);
    p.skipSpace();
    if (p.atEnd()) {
      throw new FilterException(0, "expected a test (fd == 3), found an empty filter");
    }
    FilterExpr e = p.or();
    p.skipSpace();
    if (!p.atEnd()) {
      throw new FilterException(p.pos, "expected && or || or the end, found " + p.found());
    }
    return e;
  }

  private FilterExpr or() throws FilterException {
    FilterExpr left = and();
    while (accept("||")) {
      left = new Or(left, and());
    }
    return left;
  }

  private FilterExpr and() throws FilterException {
    FilterExpr left = unary();
    while (accept("&&")) {
      left = new And(left, unary());
    }
    return left;
  }

  private FilterExpr unary() throws FilterException {
    skipSpace();
    if (peek("!") && !peek("!=") && !peek("!~")) {
      pos++;
      return new Not(unary());
    }
    if (accept("(")) {
      FilterExpr e = or();
      if (!accept(")")) {
        throw new FilterException(pos, "expected ) to close the ( , found " + found());
      }
      return e;
    }
    return test();
  }

  private FilterExpr test() throws FilterException {
    skipSpace();
    int at = pos;
    String arg = identifier();
    if (arg == null) {
      throw new FilterException(pos, "expected an argument name, !, or (, found " + found());
    }
    if (accept("!~")) {
      return glob(arg, at, true);
    }
    if (accept("~")) {
      return glob(arg, at, false);
    }
    Value mask = null;
    if (peek("&") && !peek("&&")) {
      pos++;
      mask = value("&");
    }
    Op op = operator();
    if (op == null) {
      if (mask == null) {
        throw new FilterException(
            pos, "expected an operator after " + arg + " (== != < <= > >= & ~), found " + found());
      }
      return new Compare(arg, at, mask, Op.NE, Value.of(0));
    }
    return new Compare(arg, at, mask, op, value(op.spelling));
  }

  private FilterExpr glob(String arg, int at, boolean negated) throws FilterException {
    skipSpace();
    int start = pos;
    if (!peek("\"")) {
      throw new FilterException(pos, "expected a quoted glob (\"/etc/*\"), found " + found());
    }
    pos++;
    StringBuilder b = new StringBuilder();
    while (!atEnd() && text.charAt(pos) != '"') {
      char c = text.charAt(pos++);
      if (c == '\\' && !atEnd()) {
        b.append(c); // the glob compiler reads the escape
        c = text.charAt(pos++);
      }
      b.append(c);
    }
    if (atEnd()) {
      throw new FilterException(start, "expected the closing \" of this string");
    }
    pos++;
    return new Glob(arg, at, GlobPattern.compile(b.toString(), start), negated);
  }

  private Op operator() {
    skipSpace();
    for (Op op : new Op[] {Op.EQ, Op.NE, Op.LE, Op.GE, Op.LT, Op.GT}) {
      if (peek(op.spelling)) {
        pos += op.spelling.length();
        return op;
      }
    }
    return null;
  }

  private Value value(String after) throws FilterException {
    Long number = null;
    List<Name> names = new ArrayList<>();
    do {
      skipSpace();
      int at = pos;
      String id = identifier();
      if (id != null) {
        names.add(new Name(id, at));
        continue;
      }
      Long n = number();
      if (n == null) {
        throw new FilterException(
            at, "expected a number or a name after '" + after + "', found " + found());
      }
      number = number == null ? n : number | n;
    } while (acceptSingle('|'));
    return new Value(number, names);
  }

  private Long number() throws FilterException {
    int start = pos;
    boolean negative = false;
    if (peek("-")) {
      negative = true;
      pos++;
    }
    int digits = pos;
    while (!atEnd() && (Character.isLetterOrDigit(text.charAt(pos)))) {
      pos++;
    }
    String s = text.substring(digits, pos);
    if (s.isEmpty() || !Character.isDigit(s.charAt(0))) {
      pos = start;
      return null;
    }
    try {
      long v;
      if (s.startsWith("0x") || s.startsWith("0X")) {
        v = Long.parseUnsignedLong(s.substring(2), 16);
      } else if (s.length() > 1 && s.startsWith("0")) {
        v = Long.parseUnsignedLong(s.substring(1), 8);
      } else {
        v = Long.parseUnsignedLong(s);
      }
      return negative ? -v : v;
    } catch (NumberFormatException e) {
      throw new FilterException(start, "not a number: " + text.substring(start, pos));
    }
  }

  private String identifier() {
    skipSpace();
    int start = pos;
    if (atEnd() || !(Character.isLetter(text.charAt(pos)) || text.charAt(pos) == '_')) {
      return null;
    }
    while (!atEnd() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_')) {
      pos++;
    }
    return text.substring(start, pos);
  }

  private boolean accept(String s) {
    skipSpace();
    if (peek(s)) {
      pos += s.length();
      return true;
    }
    return false;
  }

  /** A one-char token that is not the start of a doubled one ({@code |}, not {@code ||}). */
  private boolean acceptSingle(char c) {
    skipSpace();
    if (!atEnd()
        && text.charAt(pos) == c
        && (pos + 1 >= text.length() || text.charAt(pos + 1) != c)) {
      pos++;
      return true;
    }
    return false;
  }

  private boolean peek(String s) {
    return text.startsWith(s, pos);
  }

  private void skipSpace() {
    while (!atEnd() && Character.isWhitespace(text.charAt(pos))) {
      pos++;
    }
  }

  private boolean atEnd() {
    return pos >= text.length();
  }

  private String found() {
    if (atEnd()) {
      return "the end";
    }
    int end = pos + 1;
    while (end < text.length() && end < pos + 12 && !Character.isWhitespace(text.charAt(end))) {
      end++;
    }
    return "'" + text.substring(pos, end) + "'";
  }
}
