package dev.jtrace.abi.cheader;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.CommonToken;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.ListTokenSource;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.misc.ParseCancellationException;

/** Parses (grammar {@code CExpr}) and evaluates a macro-expanded integer constant expression. */
public final class ExpressionEvaluator {
  private static final Set<String> ALIGNOF = Set.of("__alignof__", "__alignof", "_Alignof");

  /** What may start a type name in a cast or sizeof: the base type words and the qualifiers. */
  private static final Set<String> TYPE_KEYWORDS = typeKeywords();

  private static Set<String> typeKeywords() {
    Set<String> words = new HashSet<>(DeclarationParser.BASE_WORDS);
    words.addAll(Set.of("const", "volatile", "__const", "__volatile__"));
    return Set.copyOf(words);
  }

  private final TypeLookup types;
  private final Function<String, CValue> identifiers;
  private final boolean preprocessor;

  /**
   * @param identifiers values of names that are not macros (enumerators), or {@code null} when
   *     unknown
   */
  public ExpressionEvaluator(TypeLookup types, Function<String, CValue> identifiers) {
    this(types, identifiers, false);
  }

  private ExpressionEvaluator(
      TypeLookup types, Function<String, CValue> identifiers, boolean preprocessor) {
    this.types = types;
    this.identifiers = identifiers;
    this.preprocessor = preprocessor;
  }

  /** For {@code #if}: every integer has the type intmax_t (or uintmax_t), 64 bits, as C says. */
  public static ExpressionEvaluator forConditions() {
    return new ExpressionEvaluator(TypeLookup.NONE, null, true);
  }

  private CValue literal(CValue v) {
    return preprocessor ? new CValue(v.bits(), v.unsigned(), true) : v;
  }

  /**
   * @param where the token to blame when the expression is empty
   * @throws HeaderSyntaxException when the tokens are no expression
   * @throws UnknownValueException when it has no value here
   */
  public CValue evaluate(List<PpToken> tokens, PpToken where) {
    if (tokens.isEmpty()) {
      throw HeaderSyntaxException.at(where, "expected an expression");
    }
    List<Token> antlr = new ArrayList<>(tokens.size());
    for (PpToken t : tokens) {
      CommonToken c = new CommonToken(classify(t), t.text());
      c.setLine(t.line());
      c.setCharPositionInLine(t.column() - 1);
      antlr.add(c);
    }
    PpToken last = tokens.get(tokens.size() - 1);
    CommonToken eof = new CommonToken(Token.EOF, "<EOF>");
    eof.setLine(last.line());
    eof.setCharPositionInLine(last.column() - 1 + last.text().length());
    antlr.add(eof);
    CExpr parser = new CExpr(new CommonTokenStream(new ListTokenSource(antlr)));
    parser.removeErrorListeners();
    String file = where.file();
    parser.addErrorListener(
        new BaseErrorListener() {
          @Override
          public void syntaxError(
              Recognizer<?, ?> r,
              Object offending,
              int line,
              int col,
              String msg,
              RecognitionException e) {
            Token bad = (Token) offending;
            String found =
                bad == null || bad.getType() == Token.EOF
                    ? "end of expression"
                    : "'" + bad.getText() + "'";
            throw new HeaderSyntaxException(
                file, line, col + 1, "expected an expression operand or operator, found " + found);
          }
        });
    CExpr.ConstantExpressionContext tree;
    try {
      tree = parser.constantExpression();
    } catch (ParseCancellationException e) {
      throw HeaderSyntaxException.at(where, "expected an expression");
    }
    return new Evaluation().visit(tree.expr());
  }

  private int classify(PpToken t) {
    if (!t.is(CLexer.Identifier)) {
      return t.type();
    }
    String s = t.text();
    if (s.equals("sizeof") || ALIGNOF.contains(s)) {
      // alignof parses as sizeof does; visitSizeofType tells them apart by the keyword.
      return CLexer.Sizeof;
    }
    if (s.equals("struct") || s.equals("union") || s.equals("enum")) {
      return CLexer.Tag;
    }
    if (TYPE_KEYWORDS.contains(s) || types.isTypeName(s)) {
      return CLexer.TypeName;
    }
    return CLexer.Identifier;
  }

  /** Parses a C integer literal, e.g. {@code 0x10UL}, {@code 0755}, {@code 1ULL}. */
  public static CValue parseInteger(String text) {
    String s = text.toLowerCase();
    int end = s.length();
    while (end > 0 && (s.charAt(end - 1) == 'u' || s.charAt(end - 1) == 'l')) {
      end--;
    }
    String suffix = s.substring(end);
    String digits = s.substring(0, end);
    int radix = 10;
    if (digits.startsWith("0x")) {
      radix = 16;
      digits = digits.substring(2);
    } else if (digits.startsWith("0b")) {
      radix = 2;
      digits = digits.substring(2);
    } else if (digits.length() > 1 && digits.startsWith("0")) {
      radix = 8;
      digits = digits.substring(1);
    }
    long v;
    try {
      v = Long.parseUnsignedLong(digits, radix);
    } catch (NumberFormatException e) {
      throw new UnknownValueException("not an integer: " + text);
    }
    boolean u = suffix.contains("u");
    boolean l = suffix.contains("l");
    boolean fitsInt = Long.compareUnsigned(v, 0x7fffffffL) <= 0;
    boolean fitsUint = Long.compareUnsigned(v, 0xffffffffL) <= 0;
    boolean fitsLong = v >= 0;
    if (u) {
      return new CValue(v, true, l || !fitsUint);
    }
    if (!l && fitsInt) {
      return CValue.ofInt(v);
    }
    if (radix != 10 && !l && fitsUint) {
      return new CValue(v, true, false);
    }
    if (fitsLong) {
      return new CValue(v, false, true);
    }
    return new CValue(v, true, true);
  }

  static CValue parseChar(String text) {
    String s = text.substring(text.indexOf('\'') + 1, text.length() - 1);
    long v;
    if (s.startsWith("\\")) {
      char c = s.charAt(1);
      switch (c) {
        case 'n' -> v = 10;
        case 't' -> v = 9;
        case 'r' -> v = 13;
        case 'a' -> v = 7;
        case 'b' -> v = 8;
        case 'f' -> v = 12;
        case 'v' -> v = 11;
        case 'e' -> v = 27;
        case 'x' -> v = Long.parseLong(s.substring(2), 16);
        default -> v = Character.isDigit(c) ? Long.parseLong(s.substring(1), 8) : c;
      }
      v = (byte) v;
    } else {
      v = s.isEmpty() ? 0 : s.charAt(0);
      for (int i = 1; i < s.length(); i++) {
        v = (v << 8) | (s.charAt(i) & 0xff);
      }
    }
    return CValue.ofInt(v);
  }

  private CType typeOf(CExpr.TypeNameContext ctx) {
    List<String> specs = new ArrayList<>();
    for (CExpr.TypeSpecifierContext s : ctx.typeSpecifier()) {
      for (int i = 0; i < s.getChildCount(); i++) {
        specs.add(s.getChild(i).getText());
      }
    }
    Optional<CType> t = types.resolve(specs, ctx.Star().size());
    CType type =
        t.orElseThrow(() -> new UnknownValueException("unknown type " + String.join(" ", specs)));
    List<CExpr.ExprContext> dims = ctx.expr();
    for (int i = dims.size() - 1; i >= 0; i--) {
      type = type.array(new Evaluation().visit(dims.get(i)).bits());
    }
    return type;
  }

  private final class Evaluation extends CExprBaseVisitor<CValue> {
    @Override
    public CValue visitParen(CExpr.ParenContext ctx) {
      return visit(ctx.expr());
    }

    @Override
    public CValue visitNumber(CExpr.NumberContext ctx) {
      return literal(parseInteger(ctx.getText()));
    }

    @Override
    public CValue visitCharacter(CExpr.CharacterContext ctx) {
      return literal(parseChar(ctx.getText()));
    }

    @Override
    public CValue visitIdentifier(CExpr.IdentifierContext ctx) {
      CValue v = identifiers == null ? null : identifiers.apply(ctx.getText());
      if (v == null) {
        throw new UnknownValueException("unknown name " + ctx.getText());
      }
      return v;
    }

    @Override
    public CValue visitSizeofType(CExpr.SizeofTypeContext ctx) {
      CType t = typeOf(ctx.typeName());
      return new CValue(
          ALIGNOF.contains(ctx.getStart().getText()) ? t.align() : t.size(), true, true);
    }

    @Override
    public CValue visitSizeofExpr(CExpr.SizeofExprContext ctx) {
      CValue v = visit(ctx.expr());
      return new CValue(v.wide() ? 8 : 4, true, true);
    }

    @Override
    public CValue visitCast(CExpr.CastContext ctx) {
      CType t = typeOf(ctx.typeName());
      CValue v = visit(ctx.expr());
      if (!t.integer()) {
        throw new UnknownValueException("cast to a non-integer type");
      }
      if (t.size() == 1 && ctx.typeName().getText().equals("_Bool")) {
        return CValue.ofBoolean(v.isTrue());
      }
      return v.castTo(t.size(), t.unsigned());
    }

    @Override
    public CValue visitUnary(CExpr.UnaryContext ctx) {
      CValue v = visit(ctx.expr());
      return switch (ctx.op.getType()) {
        case CLexer.Plus -> v;
        case CLexer.Minus -> v.with(-v.bits());
        case CLexer.Tilde -> v.with(~v.bits());
        default -> CValue.ofBoolean(!v.isTrue());
      };
    }

    @Override
    public CValue visitMultiplicative(CExpr.MultiplicativeContext ctx) {
      CValue[] c = CValue.convert(visit(ctx.expr(0)), visit(ctx.expr(1)));
      long a = c[0].bits();
      long b = c[1].bits();
      if (ctx.op.getType() == CLexer.Star) {
        return c[0].with(a * b);
      }
      if (b == 0) {
        throw new UnknownValueException("division by zero");
      }
      boolean u = c[0].unsigned();
      if (ctx.op.getType() == CLexer.Div) {
        return c[0].with(u ? Long.divideUnsigned(a, b) : a / b);
      }
      return c[0].with(u ? Long.remainderUnsigned(a, b) : a % b);
    }

    @Override
    public CValue visitAdditive(CExpr.AdditiveContext ctx) {
      CValue[] c = CValue.convert(visit(ctx.expr(0)), visit(ctx.expr(1)));
      long r =
          ctx.op.getType() == CLexer.Plus ? c[0].bits() + c[1].bits() : c[0].bits() - c[1].bits();
      return c[0].with(r);
    }

    @Override
    public CValue visitShift(CExpr.ShiftContext ctx) {
      CValue a = visit(ctx.expr(0));
      CValue b = visit(ctx.expr(1));
      int width = a.wide() ? 64 : 32;
      int n = (int) (b.bits() & (width - 1));
      if (ctx.op.getType() == CLexer.LeftShift) {
        return a.with(a.bits() << n);
      }
      return a.with(a.unsigned() ? a.bits() >>> n : a.bits() >> n);
    }

    @Override
    public CValue visitRelational(CExpr.RelationalContext ctx) {
      int cmp = visit(ctx.expr(0)).compareTo(visit(ctx.expr(1)));
      return CValue.ofBoolean(
          switch (ctx.op.getType()) {
            case CLexer.Less -> cmp < 0;
            case CLexer.Greater -> cmp > 0;
            case CLexer.LessEqual -> cmp <= 0;
            default -> cmp >= 0;
          });
    }

    @Override
    public CValue visitEquality(CExpr.EqualityContext ctx) {
      int cmp = visit(ctx.expr(0)).compareTo(visit(ctx.expr(1)));
      return CValue.ofBoolean(ctx.op.getType() == CLexer.Equal ? cmp == 0 : cmp != 0);
    }

    @Override
    public CValue visitBitAnd(CExpr.BitAndContext ctx) {
      CValue[] c = CValue.convert(visit(ctx.expr(0)), visit(ctx.expr(1)));
      return c[0].with(c[0].bits() & c[1].bits());
    }

    @Override
    public CValue visitBitXor(CExpr.BitXorContext ctx) {
      CValue[] c = CValue.convert(visit(ctx.expr(0)), visit(ctx.expr(1)));
      return c[0].with(c[0].bits() ^ c[1].bits());
    }

    @Override
    public CValue visitBitOr(CExpr.BitOrContext ctx) {
      CValue[] c = CValue.convert(visit(ctx.expr(0)), visit(ctx.expr(1)));
      return c[0].with(c[0].bits() | c[1].bits());
    }

    @Override
    public CValue visitLogicalAnd(CExpr.LogicalAndContext ctx) {
      return CValue.ofBoolean(visit(ctx.expr(0)).isTrue() && visit(ctx.expr(1)).isTrue());
    }

    @Override
    public CValue visitLogicalOr(CExpr.LogicalOrContext ctx) {
      return CValue.ofBoolean(visit(ctx.expr(0)).isTrue() || visit(ctx.expr(1)).isTrue());
    }

    @Override
    public CValue visitConditional(CExpr.ConditionalContext ctx) {
      boolean cond = visit(ctx.expr(0)).isTrue();
      CValue chosen = visit(ctx.expr(cond ? 1 : 2));
      CValue other;
      try {
        other = visit(ctx.expr(cond ? 2 : 1));
      } catch (UnknownValueException e) {
        return chosen; // the branch not taken needs no value
      }
      return CValue.convert(chosen, other)[0];
    }
  }
}
