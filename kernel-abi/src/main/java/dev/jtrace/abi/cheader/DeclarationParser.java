package dev.jtrace.abi.cheader;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Reads the declarations of a preprocessed translation unit for what the snapshot keeps: typedefs,
 * struct and union layouts (LP64 x86_64, GCC rules incl. packed, aligned and bit-fields) and
 * enumerator values. Whatever it does not model (prototypes, inline functions, typeof) is skipped,
 * never fatal.
 */
public final class DeclarationParser {
  private static final Set<String> QUALIFIERS =
      Set.of(
          "const",
          "volatile",
          "__const",
          "__volatile__",
          "__volatile",
          "extern",
          "static",
          "inline",
          "__inline",
          "__inline__",
          "register",
          "__extension__",
          "__restrict",
          "restrict",
          "__restrict__",
          "_Noreturn",
          "auto",
          "__signed",
          "_Atomic",
          "__always_inline");

  /**
   * The words a C base type is made of ({@code unsigned long long}); also ExpressionEvaluator's.
   */
  static final Set<String> BASE_WORDS =
      Set.of(
          "void",
          "char",
          "short",
          "int",
          "long",
          "signed",
          "unsigned",
          "__signed__",
          "_Bool",
          "float",
          "double",
          "__int128");

  private static final CType FUNCTION = CType.opaque(-1, 1, "fn");

  private final List<PpToken> tokens;
  private final TypeTable table;
  private final ExpressionEvaluator evaluator;
  private int pos;

  private DeclarationParser(List<PpToken> tokens, DataModel model) {
    this.tokens = tokens;
    this.table = new TypeTable(model);
    this.evaluator = new ExpressionEvaluator(table, table::enumerator);
  }

  /** The declarations laid out for LP64 x86_64, as the header facts keep them. */
  public static TypeTable parse(List<PpToken> tokens) {
    return parse(tokens, DataModel.LP64);
  }

  /** The declarations laid out in the given data model. */
  public static TypeTable parse(List<PpToken> tokens, DataModel model) {
    DeclarationParser p = new DeclarationParser(tokens, model);
    p.translationUnit();
    return p.table;
  }

  /** Not a declaration we model; skip it. */
  private static final class Skip extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Skip() {
      super(null, null, false, false);
    }
  }

  /** Declaration specifiers as far as layout cares. */
  private static final class Specifiers {
    CType type;
    boolean hasType;
    boolean isTypedef;
    long aligned;
    boolean packed;
  }

  /** One declarator: the name and how it derives its type from the specifiers' type. */
  private record Declarator(
      String name, UnaryOperator<CType> derive, long aligned, boolean packed) {}

  private void translationUnit() {
    while (pos < tokens.size()) {
      int start = pos;
      try {
        if (peekIs(CLexer.Semi)) {
          pos++;
          continue;
        }
        declaration();
      } catch (Skip | UnknownValueException | HeaderSyntaxException | IndexOutOfBoundsException e) {
        pos = start;
        skipDeclaration();
      }
    }
  }

  private void skipDeclaration() {
    int start = pos;
    int depth = 0;
    while (pos < tokens.size()) {
      PpToken t = tokens.get(pos++);
      if (t.is(CLexer.LeftParen) || t.is(CLexer.LeftBracket) || t.is(CLexer.LeftBrace)) {
        depth++;
      } else if (t.is(CLexer.RightParen) || t.is(CLexer.RightBracket) || t.is(CLexer.RightBrace)) {
        depth--;
        if (depth <= 0 && t.is(CLexer.RightBrace)) {
          if (peekIs(CLexer.Semi)) {
            pos++;
          }
          break;
        }
      } else if (t.is(CLexer.Semi) && depth <= 0) {
        break;
      }
    }
    if (pos == start) {
      pos++;
    }
  }

  private void declaration() {
    Specifiers spec = specifiers();
    if (!spec.hasType) {
      throw new Skip();
    }
    if (peekIs(CLexer.Semi)) {
      pos++;
      return;
    }
    while (true) {
      Declarator d = declarator();
      CType t = d.derive().apply(spec.type);
      if (spec.isTypedef && d.name() != null) {
        long align = Math.max(d.aligned(), spec.aligned);
        table.typedef(
            d.name(), t == null || t == FUNCTION ? null : align > 0 ? t.aligned(align) : t);
      }
      if (peekIs(CLexer.Assign)) {
        skipInitializer();
      }
      if (peekIs(CLexer.LeftBrace)) {
        skipBalanced();
        return;
      }
      PpToken next = tokens.get(pos++);
      if (next.is(CLexer.Semi)) {
        return;
      }
      if (!next.is(CLexer.Comma)) {
        throw new Skip();
      }
    }
  }

  private void skipInitializer() {
    int depth = 0;
    while (pos < tokens.size()) {
      PpToken t = tokens.get(pos);
      if (t.is(CLexer.LeftParen) || t.is(CLexer.LeftBrace) || t.is(CLexer.LeftBracket)) {
        depth++;
      } else if (t.is(CLexer.RightParen) || t.is(CLexer.RightBrace) || t.is(CLexer.RightBracket)) {
        depth--;
      } else if (depth == 0 && (t.is(CLexer.Comma) || t.is(CLexer.Semi))) {
        return;
      }
      pos++;
    }
  }

  private void skipBalanced() {
    int depth = 0;
    do {
      PpToken t = tokens.get(pos++);
      if (t.is(CLexer.LeftParen) || t.is(CLexer.LeftBrace) || t.is(CLexer.LeftBracket)) {
        depth++;
      } else if (t.is(CLexer.RightParen) || t.is(CLexer.RightBrace) || t.is(CLexer.RightBracket)) {
        depth--;
      }
    } while (depth > 0);
  }

  private Specifiers specifiers() {
    Specifiers s = new Specifiers();
    List<String> words = new ArrayList<>();
    while (pos < tokens.size()) {
      PpToken t = tokens.get(pos);
      if (!t.is(CLexer.Identifier)) {
        break;
      }
      String w = t.text();
      if (w.equals("typedef")) {
        s.isTypedef = true;
        pos++;
      } else if (QUALIFIERS.contains(w)) {
        pos++;
      } else if (isAttribute(w)) {
        attribute(s);
      } else if (w.equals("struct") || w.equals("union")) {
        s.type = structOrUnion();
        s.hasType = true;
      } else if (w.equals("enum")) {
        s.type = enumSpecifier();
        s.hasType = true;
      } else if (w.equals("typeof") || w.equals("__typeof__") || w.equals("__typeof")) {
        pos++;
        skipBalanced();
        s.type = null;
        s.hasType = true;
      } else if (BASE_WORDS.contains(w)) {
        words.add(w);
        pos++;
      } else if (!s.hasType && words.isEmpty() && table.isTypeName(w)) {
        s.type = table.typedefType(w);
        s.hasType = true;
        pos++;
      } else {
        break;
      }
    }
    if (!words.isEmpty()) {
      s.type = table.baseType(words);
      s.hasType = true;
    }
    return s;
  }

  private static boolean isAttribute(String w) {
    return w.equals("__attribute__")
        || w.equals("__attribute")
        || w.equals("__aligned")
        || w.equals("__declspec")
        || w.equals("__asm__")
        || w.equals("asm")
        || w.equals("__asm");
  }

  /** Reads {@code __attribute__((…))}; keeps packed and aligned(n). */
  private void attribute(Specifiers s) {
    PpToken kw = tokens.get(pos++);
    if (!peekIs(CLexer.LeftParen)) {
      return;
    }
    int begin = pos;
    skipBalanced();
    List<PpToken> inside = tokens.subList(begin, pos);
    if (kw.text().equals("__aligned")) {
      s.aligned =
          Math.max(s.aligned, evaluator.evaluate(inside.subList(1, inside.size() - 1), kw).bits());
      return;
    }
    if (kw.text().contains("asm")) {
      return;
    }
    for (int i = 0; i < inside.size(); i++) {
      String w = inside.get(i).text();
      if (w.equals("packed") || w.equals("__packed__")) {
        s.packed = true;
      } else if (w.equals("aligned") || w.equals("__aligned__")) {
        if (i + 1 < inside.size() && inside.get(i + 1).is(CLexer.LeftParen)) {
          int j = i + 2;
          int depth = 1;
          List<PpToken> arg = new ArrayList<>();
          for (; j < inside.size(); j++) {
            PpToken a = inside.get(j);
            if (a.is(CLexer.LeftParen)) {
              depth++;
            } else if (a.is(CLexer.RightParen) && --depth == 0) {
              break;
            }
            arg.add(a);
          }
          s.aligned = Math.max(s.aligned, evaluator.evaluate(arg, inside.get(i)).bits());
          i = j;
        } else {
          s.aligned = Math.max(s.aligned, 16); // the biggest alignment x86_64 ever needs
        }
      }
    }
  }

  private void attributes(Specifiers s) {
    while (pos < tokens.size()
        && tokens.get(pos).is(CLexer.Identifier)
        && isAttribute(tokens.get(pos).text())) {
      attribute(s);
    }
  }

  private Declarator declarator() {
    Specifiers attrs = new Specifiers();
    attributes(attrs);
    int pointers = 0;
    while (peekIs(CLexer.Star)) {
      pos++;
      pointers++;
      while (pos < tokens.size()
          && tokens.get(pos).is(CLexer.Identifier)
          && (QUALIFIERS.contains(tokens.get(pos).text()) || isAttribute(tokens.get(pos).text()))) {
        if (isAttribute(tokens.get(pos).text())) {
          attribute(attrs);
        } else {
          pos++;
        }
      }
    }
    String name = null;
    Declarator nested = null;
    if (peekIs(CLexer.Identifier) && !isAttribute(tokens.get(pos).text())) {
      name = tokens.get(pos++).text();
    } else if (peekIs(CLexer.LeftParen)
        && pos + 1 < tokens.size()
        && (tokens.get(pos + 1).is(CLexer.Star)
            || tokens.get(pos + 1).is(CLexer.LeftParen)
            || tokens.get(pos + 1).is(CLexer.Caret))) {
      pos++;
      nested = declarator();
      expect(CLexer.RightParen);
      name = nested.name();
    }
    List<UnaryOperator<CType>> suffixes = new ArrayList<>();
    while (true) {
      if (peekIs(CLexer.LeftBracket)) {
        pos++;
        int begin = pos;
        int depth = 0;
        while (!(depth == 0 && peekIs(CLexer.RightBracket))) {
          PpToken t = tokens.get(pos++);
          if (t.is(CLexer.LeftBracket)) {
            depth++;
          } else if (t.is(CLexer.RightBracket)) {
            depth--;
          }
        }
        List<PpToken> len = tokens.subList(begin, pos);
        PpToken bracket = tokens.get(pos++);
        Long length = len.isEmpty() ? null : arrayLength(len, bracket);
        boolean flexible = len.isEmpty();
        suffixes.add(
            t -> {
              if (t == null || t == FUNCTION) {
                return null;
              }
              if (flexible) {
                return t.flexibleArray();
              }
              return length == null ? null : t.array(length);
            });
      } else if (peekIs(CLexer.LeftParen)) {
        skipBalanced();
        suffixes.add(t -> FUNCTION);
      } else {
        break;
      }
    }
    attributes(attrs);
    final int ptrs = pointers;
    final Declarator inner = nested;
    UnaryOperator<CType> derive =
        base -> {
          CType t = base;
          if (ptrs > 0) {
            t = table.pointer();
          }
          for (int i = suffixes.size() - 1; i >= 0; i--) {
            t = suffixes.get(i).apply(t);
          }
          if (inner != null) {
            t = t == FUNCTION ? table.pointer() : inner.derive().apply(t);
          }
          return t;
        };
    long aligned = Math.max(attrs.aligned, nested == null ? 0 : nested.aligned());
    return new Declarator(
        name, derive, aligned, attrs.packed || (nested != null && nested.packed()));
  }

  private Long arrayLength(List<PpToken> len, PpToken where) {
    try {
      return evaluator.evaluate(len, where).bits();
    } catch (UnknownValueException | HeaderSyntaxException e) {
      return null;
    }
  }

  private CType structOrUnion() {
    PpToken kw = tokens.get(pos++);
    String kind = kw.text();
    Specifiers attrs = new Specifiers();
    String tag = optionalTag(attrs);
    if (!peekIs(CLexer.LeftBrace)) {
      if (tag == null) {
        throw new Skip();
      }
      CType known = table.tagged(kind, tag);
      // An incomplete type: only pointers to it have a size.
      return known;
    }
    pos++;
    List<StructLayout.Member> members = new ArrayList<>();
    boolean complete = true;
    while (!peekIs(CLexer.RightBrace)) {
      if (peekIs(CLexer.Semi)) {
        pos++;
        continue;
      }
      int start = pos;
      try {
        complete &= member(members);
      } catch (Skip | UnknownValueException | HeaderSyntaxException e) {
        pos = start;
        skipMember();
        complete = false;
      }
    }
    pos++;
    attributes(attrs);
    CType type =
        complete
            ? StructLayout.of(kind.equals("union"), members, attrs.packed, attrs.aligned)
            : null;
    if (tag != null && type != null) {
      type =
          new CType(
              type.size(), type.align(), false, false, false, kind + " " + tag, type.members());
      table.tag(kind, tag, type, kw.file());
    }
    return type;
  }

  private void skipMember() {
    int depth = 0;
    while (true) {
      PpToken t = tokens.get(pos);
      if (depth == 0 && t.is(CLexer.RightBrace)) {
        return;
      }
      pos++;
      if (t.is(CLexer.LeftParen) || t.is(CLexer.LeftBrace) || t.is(CLexer.LeftBracket)) {
        depth++;
      } else if (t.is(CLexer.RightParen) || t.is(CLexer.RightBrace) || t.is(CLexer.RightBracket)) {
        depth--;
      } else if (depth == 0 && t.is(CLexer.Semi)) {
        return;
      }
    }
  }

  /**
   * @return false when a member has no known size (the struct then has none either)
   */
  private boolean member(List<StructLayout.Member> members) {
    Specifiers spec = specifiers();
    if (!spec.hasType) {
      throw new Skip();
    }
    if (peekIs(CLexer.Semi)) {
      pos++;
      // An anonymous struct or union member.
      members.add(new StructLayout.Member(spec.type, -1, spec.aligned, spec.packed, null));
      return spec.type != null;
    }
    boolean ok = true;
    while (true) {
      Declarator d = peekIs(CLexer.Colon) ? new Declarator(null, t -> t, 0, false) : declarator();
      CType t = d.derive().apply(spec.type);
      long bits = -1;
      if (peekIs(CLexer.Colon)) {
        PpToken colon = tokens.get(pos++);
        int begin = pos;
        while (!peekIs(CLexer.Comma) && !peekIs(CLexer.Semi)) {
          pos++;
        }
        bits = evaluator.evaluate(tokens.subList(begin, pos), colon).bits();
        Specifiers after = new Specifiers();
        attributes(after);
      }
      if (t == null || t == FUNCTION) {
        ok = false;
      }
      long aligned = Math.max(spec.aligned, d.aligned());
      members.add(new StructLayout.Member(t, bits, aligned, spec.packed || d.packed(), d.name()));
      PpToken next = tokens.get(pos++);
      if (next.is(CLexer.Semi)) {
        return ok;
      }
      if (!next.is(CLexer.Comma)) {
        throw new Skip();
      }
    }
  }

  /**
   * The optional tag after {@code struct}, {@code union} or {@code enum}, with the attributes
   * around it.
   */
  private String optionalTag(Specifiers attrs) {
    attributes(attrs);
    String tag = null;
    if (peekIs(CLexer.Identifier)) {
      tag = tokens.get(pos++).text();
    }
    attributes(attrs);
    return tag;
  }

  private CType enumSpecifier() {
    PpToken kw = tokens.get(pos++);
    String tag = optionalTag(new Specifiers());
    if (peekIs(CLexer.Colon)) { // C23 fixed underlying type
      pos++;
      specifiers();
    }
    if (!peekIs(CLexer.LeftBrace)) {
      return CType.integer(4, false);
    }
    pos++;
    CValue next = CValue.ZERO;
    boolean wide = false;
    while (!peekIs(CLexer.RightBrace)) {
      PpToken nameTok = tokens.get(pos++);
      if (!nameTok.is(CLexer.Identifier)) {
        throw new Skip();
      }
      Specifiers ignored = new Specifiers();
      attributes(ignored);
      CValue value = next;
      if (peekIs(CLexer.Assign)) {
        PpToken assign = tokens.get(pos++);
        int begin = pos;
        int depth = 0;
        while (!(depth == 0 && (peekIs(CLexer.Comma) || peekIs(CLexer.RightBrace)))) {
          PpToken t = tokens.get(pos++);
          if (t.is(CLexer.LeftParen)) {
            depth++;
          } else if (t.is(CLexer.RightParen)) {
            depth--;
          }
        }
        try {
          value = evaluator.evaluate(tokens.subList(begin, pos), assign);
        } catch (UnknownValueException e) {
          value = null;
        }
      }
      if (value != null) {
        table.enumerator(nameTok.file(), tag == null ? "-" : tag, nameTok.text(), value);
        wide |= value.wide() && (value.bits() > 0xffffffffL || value.bits() < Integer.MIN_VALUE);
        next = value.with(value.bits() + 1);
      } else {
        next = null; // unknown: the implicit ones after it are unknown too
      }
      if (peekIs(CLexer.Comma)) {
        pos++;
      }
    }
    pos++;
    CType type = CType.integer(wide ? 8 : 4, false);
    if (tag != null) {
      table.tag("enum", tag, type, kw.file());
    }
    return type;
  }

  private boolean peekIs(int type) {
    return pos < tokens.size() && tokens.get(pos).is(type);
  }

  private void expect(int type) {
    if (!peekIs(type)) {
      throw new Skip();
    }
    pos++;
  }
}
