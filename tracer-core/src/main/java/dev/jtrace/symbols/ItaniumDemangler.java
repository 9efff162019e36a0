package dev.jtrace.symbols;

import java.util.ArrayList;
import java.util.List;

/**
 * Demangles the common part of the Itanium C++ ABI's mangling (g++, clang): nested and template
 * names, constructors and destructors, operators, builtin, qualified, pointer, reference and
 * function types, substitutions, template parameters, literals, local names, ABI tags and clone
 * suffixes, printed as c++filt prints them. What it does not know it refuses (null), and the caller
 * keeps the mangled name.
 */
final class ItaniumDemangler {
  /** A parsed type: plain text, or a function/array type whose declarator goes in between. */
  private record Type(String text, String ret, String decl, String params, String array) {
    static Type plain(String text) {
      return new Type(text, null, null, null, null);
    }

    boolean composite() {
      return ret != null;
    }

    /** Wraps a declarator (a pointer, a reference, a cv-qualifier) around the inner type. */
    Type declare(String op) {
      if (!composite()) {
        return plain(text + op);
      }
      return new Type(null, ret, decl + op, params, array);
    }

    @Override
    public String toString() {
      if (!composite()) {
        return text;
      }
      if (array != null) {
        return decl.isEmpty() ? ret + " " + array : ret + " (" + decl + ") " + array;
      }
      return decl.isEmpty() ? ret + " (" + params + ")" : ret + " (" + decl + ")(" + params + ")";
    }
  }

  private static final class Fail extends RuntimeException {
    Fail() {
      super(null, null, false, false);
    }
  }

  private final String s;
  private int p;
  private final List<Type> subs = new ArrayList<>();
  private List<Type> templateArgs = new ArrayList<>();
  private int typeDepth;

  private ItaniumDemangler(String s) {
    this.s = s;
  }

  /** The demangled name, or null when the name is not one this demangler reads. */
  static String demangle(String mangled) {
    if (!mangled.startsWith("_Z")) {
      return null;
    }
    int dot = mangled.indexOf('.', 2);
    String core = dot < 0 ? mangled : mangled.substring(0, dot);
    ItaniumDemangler d = new ItaniumDemangler(core);
    d.p = 2;
    try {
      String out = d.encoding(true);
      if (d.p != core.length()) {
        return null;
      }
      if (dot >= 0) {
        out = out + clones(mangled.substring(dot));
      }
      return out;
    } catch (Fail | IndexOutOfBoundsException | NumberFormatException e) {
      return null;
    }
  }

  /** {@code .cold.1} → {@code [clone .cold.1]}, one per clone suffix as c++filt splits them. */
  private static String clones(String suffix) {
    StringBuilder sb = new StringBuilder();
    int i = 0;
    while (i < suffix.length()) {
      int j = suffix.indexOf('.', i + 1);
      while (j >= 0 && j + 1 < suffix.length() && Character.isDigit(suffix.charAt(j + 1))) {
        j = suffix.indexOf('.', j + 1);
      }
      if (j < 0) {
        j = suffix.length();
      }
      sb.append(" [clone ").append(suffix, i, j).append(']');
      i = j;
    }
    return sb.toString();
  }

  private char peek() {
    return p < s.length() ? s.charAt(p) : 0;
  }

  private char peek(int ahead) {
    return p + ahead < s.length() ? s.charAt(p + ahead) : 0;
  }

  private boolean eat(char c) {
    if (peek() == c) {
      p++;
      return true;
    }
    return false;
  }

  private boolean eat(String prefix) {
    if (s.startsWith(prefix, p)) {
      p += prefix.length();
      return true;
    }
    return false;
  }

  private void expect(char c) {
    if (!eat(c)) {
      throw new Fail();
    }
  }

  private String encoding(boolean top) {
    if (peek() == 'T' || (peek() == 'G' && peek(1) == 'V')) {
      return specialName();
    }
    NameInfo n = name();
    if (p >= s.length() || peek() == 'E' || peek() == '.') {
      return n.text;
    }
    String ret = null;
    if (n.template && !n.ctorDtor) {
      ret = type().toString();
    }
    String params = bareFunctionParams();
    String out = n.text + "(" + params + ")" + n.cvSuffix;
    return ret != null && top ? ret + " " + out : out;
  }

  private String bareFunctionParams() {
    List<String> params = new ArrayList<>();
    while (p < s.length() && peek() != 'E' && peek() != '.') {
      params.add(type().toString());
    }
    if (params.size() == 1 && params.get(0).equals("void")) {
      return "";
    }
    return String.join(", ", params);
  }

  private String specialName() {
    if (eat("TV")) {
      return "vtable for " + type();
    }
    if (eat("TT")) {
      return "VTT for " + type();
    }
    if (eat("TI")) {
      return "typeinfo for " + type();
    }
    if (eat("TS")) {
      return "typeinfo name for " + type();
    }
    if (eat("GV")) {
      return "guard variable for " + name().text;
    }
    if (eat("Th")) {
      number();
      expect('_');
      return "non-virtual thunk to " + encoding(true);
    }
    if (eat("Tv")) {
      number();
      expect('_');
      number();
      expect('_');
      return "virtual thunk to " + encoding(true);
    }
    throw new Fail();
  }

  private record NameInfo(String text, boolean template, boolean ctorDtor, String cvSuffix) {}

  private NameInfo name() {
    char c = peek();
    if (c == 'N') {
      return nestedName();
    }
    if (c == 'Z') {
      p++;
      String enclosing = encoding(false);
      expect('E');
      if (eat('s')) {
        discriminator();
        return new NameInfo(enclosing + "::string literal", false, false, "");
      }
      NameInfo inner = name();
      discriminator();
      return new NameInfo(
          enclosing + "::" + inner.text, inner.template, inner.ctorDtor, inner.cvSuffix);
    }
    String prefix = "";
    Type sub = null;
    if (c == 'S' && peek(1) == 't') {
      p += 2;
      prefix = "std::";
    } else if (c == 'S') {
      sub = substitution();
    }
    String text;
    if (sub != null) {
      text = sub.toString();
    } else {
      text = prefix + unqualifiedName(null);
      if (peek() == 'I') {
        subs.add(Type.plain(text));
      }
    }
    if (peek() == 'I') {
      String args = templateArgs();
      text = text + args;
      return new NameInfo(text, true, false, "");
    }
    if (sub != null) {
      throw new Fail(); // a substitution alone is not a function name
    }
    return new NameInfo(text, false, false, "");
  }

  private void discriminator() {
    if (peek() == '_') {
      p++;
      if (eat('_')) {
        number();
        expect('_');
      } else {
        number();
      }
    }
  }

  private NameInfo nestedName() {
    expect('N');
    StringBuilder cv = new StringBuilder();
    while (true) {
      if (eat('r')) {
        cv.append(" restrict");
      } else if (eat('V')) {
        cv.append(" volatile");
      } else if (eat('K')) {
        cv.append(" const");
      } else {
        break;
      }
    }
    // c++filt writes them in the order const volatile restrict
    String cvSuffix = reorderCv(cv.toString());
    if (eat('R')) {
      cvSuffix += " &";
    } else if (eat('O')) {
      cvSuffix += " &&";
    }
    String text = null;
    String last = null;
    boolean template = false;
    boolean ctorDtor = false;
    while (!eat('E')) {
      if (p >= s.length()) {
        throw new Fail();
      }
      char c = peek();
      if (c == 'I') {
        if (text == null) {
          throw new Fail();
        }
        text = text + templateArgs();
        template = true;
        if (peek() != 'E') {
          subs.add(Type.plain(text));
        }
        continue;
      }
      template = false;
      ctorDtor = false;
      String part;
      if (c == 'S' && peek(1) == 't') {
        p += 2;
        text = "std";
        last = "std";
        continue;
      } else if (c == 'S') {
        Type sub = substitution();
        text = sub.toString();
        last = baseName(text);
        continue;
      } else if (c == 'T') {
        text = templateParam().toString();
        last = text;
        subs.add(Type.plain(text));
        continue;
      } else if (c == 'C' || (c == 'D' && (peek(1) == '0' || peek(1) == '1' || peek(1) == '2'))) {
        part = ctorDtorName(last);
        ctorDtor = true;
      } else {
        part = unqualifiedName(last);
      }
      text = text == null ? part : text + "::" + part;
      last = part;
      if (peek() != 'E') {
        subs.add(Type.plain(text));
      }
    }
    if (text == null) {
      throw new Fail();
    }
    return new NameInfo(text, template, ctorDtor, cvSuffix);
  }

  private static String reorderCv(String cv) {
    StringBuilder sb = new StringBuilder();
    if (cv.contains("const")) sb.append(" const");
    if (cv.contains("volatile")) sb.append(" volatile");
    if (cv.contains("restrict")) sb.append(" restrict");
    return sb.toString();
  }

  /** The last component of a qualified name, without its template arguments. */
  private static String baseName(String qualified) {
    int depth = 0;
    int end = qualified.length();
    for (int i = qualified.length() - 1; i >= 0; i--) {
      char c = qualified.charAt(i);
      if (c == '>') depth++;
      if (c == '<') {
        depth--;
        if (depth == 0) end = i;
      }
      if (depth == 0 && c == ':' && i > 0 && qualified.charAt(i - 1) == ':') {
        return qualified.substring(i + 1, end);
      }
    }
    return qualified.substring(0, end);
  }

  private String ctorDtorName(String enclosing) {
    if (enclosing == null) {
      throw new Fail();
    }
    String base = baseName(enclosing);
    if (eat('C')) {
      eat('I');
      char k = s.charAt(p++);
      if (k < '1' || k > '5') throw new Fail();
      if (s.charAt(p - 2) == 'I') type();
      return base;
    }
    expect('D');
    char k = s.charAt(p++);
    if (k < '0' || k > '5') throw new Fail();
    return "~" + base;
  }

  private String unqualifiedName(String enclosing) {
    char c = peek();
    String out;
    if (Character.isDigit(c)) {
      out = sourceName();
    } else if (c == 'L') {
      p++;
      out = sourceName();
      discriminator();
    } else if (c == 'U' && peek(1) == 't') {
      p += 2;
      String n = peek() == '_' ? "" : Integer.toString(number() + 1);
      expect('_');
      out = "{unnamed type#" + (n.isEmpty() ? "1" : n) + "}";
    } else if (c == 'U' && peek(1) == 'l') {
      p += 2;
      String params = bareFunctionParams();
      expect('E');
      int n = peek() == '_' ? 1 : number() + 2;
      expect('_');
      out = "{lambda(" + params + ")#" + n + "}";
    } else {
      out = operatorName();
    }
    while (eat('B')) {
      out = out + "[abi:" + sourceName() + "]";
    }
    return out;
  }

  private static final String[][] OPERATORS = {
    {"nw", "new"},
    {"na", "new[]"},
    {"dl", "delete"},
    {"da", "delete[]"},
    {"ps", "+"},
    {"ng", "-"},
    {"ad", "&"},
    {"de", "*"},
    {"co", "~"},
    {"pl", "+"},
    {"mi", "-"},
    {"ml", "*"},
    {"dv", "/"},
    {"rm", "%"},
    {"an", "&"},
    {"or", "|"},
    {"eo", "^"},
    {"aS", "="},
    {"pL", "+="},
    {"mI", "-="},
    {"mL", "*="},
    {"dV", "/="},
    {"rM", "%="},
    {"aN", "&="},
    {"oR", "|="},
    {"eO", "^="},
    {"ls", "<<"},
    {"rs", ">>"},
    {"lS", "<<="},
    {"rS", ">>="},
    {"eq", "=="},
    {"ne", "!="},
    {"lt", "<"},
    {"gt", ">"},
    {"le", "<="},
    {"ge", ">="},
    {"ss", "<=>"},
    {"nt", "!"},
    {"aa", "&&"},
    {"oo", "||"},
    {"pp", "++"},
    {"mm", "--"},
    {"cm", ","},
    {"pm", "->*"},
    {"pt", "->"},
    {"cl", "()"},
    {"ix", "[]"},
    {"qu", "?"}
  };

  private String operatorName() {
    if (eat("cv")) {
      return "operator " + type();
    }
    if (eat("li")) {
      return "operator\"\" " + sourceName();
    }
    for (String[] op : OPERATORS) {
      if (eat(op[0])) {
        char first = op[1].charAt(0);
        return Character.isLetter(first) ? "operator " + op[1] : "operator" + op[1];
      }
    }
    throw new Fail();
  }

  private String sourceName() {
    int n = number();
    if (n <= 0 || p + n > s.length()) {
      throw new Fail();
    }
    String id = s.substring(p, p + n);
    p += n;
    return id.startsWith("_GLOBAL__N") ? "(anonymous namespace)" : id;
  }

  private int number() {
    int start = p;
    if (peek() == 'n') {
      p++;
    }
    while (Character.isDigit(peek())) {
      p++;
    }
    if (p == start) {
      throw new Fail();
    }
    return Integer.parseInt(s.substring(start, p).replace('n', '-'));
  }

  private Type substitution() {
    expect('S');
    char c = s.charAt(p++);
    switch (c) {
      case 'a':
        return Type.plain("std::allocator");
      case 'b':
        return Type.plain("std::basic_string");
      case 's':
        return Type.plain("std::string");
      case 'i':
        return Type.plain("std::istream");
      case 'o':
        return Type.plain("std::ostream");
      case 'd':
        return Type.plain("std::iostream");
      case '_':
        return sub(0);
      default:
        break;
    }
    int id = 0;
    p--;
    while (peek() != '_') {
      char d = s.charAt(p++);
      int v;
      if (d >= '0' && d <= '9') v = d - '0';
      else if (d >= 'A' && d <= 'Z') v = d - 'A' + 10;
      else throw new Fail();
      id = id * 36 + v;
    }
    p++;
    return sub(id + 1);
  }

  private Type sub(int i) {
    if (i >= subs.size()) {
      throw new Fail();
    }
    return subs.get(i);
  }

  private Type templateParam() {
    expect('T');
    int i = 0;
    if (!eat('_')) {
      i = number() + 1;
      expect('_');
    }
    if (i >= templateArgs.size()) {
      throw new Fail();
    }
    return templateArgs.get(i);
  }

  private String templateArgs() {
    expect('I');
    List<Type> args = new ArrayList<>();
    while (!eat('E')) {
      if (p >= s.length()) {
        throw new Fail();
      }
      args.add(templateArg());
    }
    if (typeDepth == 0) {
      templateArgs = args; // T_ in the parameters names the function's own template arguments
    }
    StringBuilder sb = new StringBuilder("<");
    for (int i = 0; i < args.size(); i++) {
      sb.append(i == 0 ? "" : ", ").append(args.get(i));
    }
    if (sb.charAt(sb.length() - 1) == '>') {
      sb.append(' ');
    }
    return sb.append('>').toString();
  }

  private Type templateArg() {
    if (peek() == 'L') {
      return Type.plain(literal());
    }
    if (eat('J')) {
      List<String> pack = new ArrayList<>();
      while (!eat('E')) {
        pack.add(templateArg().toString());
      }
      return Type.plain(String.join(", ", pack));
    }
    if (eat('X')) {
      throw new Fail(); // expressions: not read
    }
    return type();
  }

  private String literal() {
    expect('L');
    if (eat("_Z")) {
      String e = encoding(true);
      expect('E');
      return e;
    }
    Type t = type();
    boolean negative = eat('n');
    int start = p;
    while (peek() != 'E') {
      p++;
    }
    String v = (negative ? "-" : "") + s.substring(start, p);
    p++;
    return switch (t.toString()) {
      case "bool" -> v.equals("0") ? "false" : v.equals("1") ? "true" : "(bool)" + v;
      case "int" -> v;
      case "unsigned int" -> v + "u";
      case "long" -> v + "l";
      case "unsigned long" -> v + "ul";
      case "long long" -> v + "ll";
      case "unsigned long long" -> v + "ull";
      default -> "(" + t + ")" + v;
    };
  }

  private static String builtin(char c) {
    return switch (c) {
      case 'v' -> "void";
      case 'w' -> "wchar_t";
      case 'b' -> "bool";
      case 'c' -> "char";
      case 'a' -> "signed char";
      case 'h' -> "unsigned char";
      case 's' -> "short";
      case 't' -> "unsigned short";
      case 'i' -> "int";
      case 'j' -> "unsigned int";
      case 'l' -> "long";
      case 'm' -> "unsigned long";
      case 'x' -> "long long";
      case 'y' -> "unsigned long long";
      case 'n' -> "__int128";
      case 'o' -> "unsigned __int128";
      case 'f' -> "float";
      case 'd' -> "double";
      case 'e' -> "long double";
      case 'g' -> "__float128";
      case 'z' -> "...";
      default -> null;
    };
  }

  private Type type() {
    typeDepth++;
    try {
      return typeBody();
    } finally {
      typeDepth--;
    }
  }

  private Type typeBody() {
    char c = peek();
    String b = builtin(c);
    if (b != null) {
      p++;
      return Type.plain(b);
    }
    Type t;
    switch (c) {
      case 'D' -> {
        char k = peek(1);
        String d =
            switch (k) {
              case 'n' -> "decltype(nullptr)";
              case 'i' -> "char32_t";
              case 's' -> "char16_t";
              case 'u' -> "char8_t";
              case 'a' -> "auto";
              case 'c' -> "decltype(auto)";
              case 'f' -> "decimal32";
              case 'd' -> "decimal64";
              case 'h' -> "half";
              default -> null;
            };
        if (d != null) {
          p += 2;
          return Type.plain(d);
        }
        if (k == 'p') {
          p += 2;
          t = Type.plain(type() + "...");
        } else {
          throw new Fail();
        }
      }
      case 'u' -> {
        p++;
        return Type.plain(sourceName());
      }
      case 'P' -> {
        p++;
        t = type().declare("*");
      }
      case 'R' -> {
        p++;
        t = type().declare("&");
      }
      case 'O' -> {
        p++;
        t = type().declare("&&");
      }
      case 'K', 'V', 'r' -> {
        StringBuilder cv = new StringBuilder();
        while (peek() == 'K' || peek() == 'V' || peek() == 'r') {
          char q = s.charAt(p++);
          cv.append(q == 'K' ? " const" : q == 'V' ? " volatile" : " restrict");
        }
        Type inner = type();
        String order = reorderCv(cv.toString());
        t =
            inner.composite() && !inner.decl().isEmpty()
                ? inner.declare(order)
                : Type.plain(inner + order);
      }
      case 'F' -> {
        p++;
        eat('Y');
        String ret = type().toString();
        String params = bareFunctionParams();
        expect('E');
        t = new Type(null, ret, "", params, null);
      }
      case 'A' -> {
        p++;
        String dim = peek() == '_' ? "" : Integer.toString(number());
        expect('_');
        Type elem = type();
        t = new Type(null, elem.toString(), "", null, "[" + dim + "]");
      }
      case 'M' -> {
        p++;
        Type cls = type();
        Type member = type();
        t =
            member.composite()
                ? new Type(
                    null,
                    member.ret(),
                    cls + "::*" + member.decl(),
                    member.params(),
                    member.array())
                : Type.plain(member + " " + cls + "::*");
      }
      case 'T' -> {
        t = templateParam();
        subs.add(t);
        if (peek() == 'I') {
          t = Type.plain(t + templateArgs());
        } else {
          return t;
        }
      }
      case 'S' -> {
        if (peek(1) == 't') {
          p += 2;
          t = Type.plain("std::" + unqualifiedName(null));
          if (peek() == 'I') {
            subs.add(t);
            t = Type.plain(t + templateArgs());
          }
        } else {
          Type sub = substitution();
          if (peek() != 'I') {
            return sub;
          }
          t = Type.plain(sub + templateArgs());
        }
      }
      default -> {
        if (Character.isDigit(c) || c == 'N' || c == 'Z') {
          NameInfo n = name();
          t = Type.plain(n.text);
        } else {
          throw new Fail();
        }
      }
    }
    subs.add(t);
    return t;
  }
}
