package dev.jtrace.symbols;

/**
 * Demangles Rust symbols in both of rustc's schemes, as rustc-demangle's alternate form prints them
 * (no hashes, no crate disambiguators): legacy ({@code _ZN...17h<hash>E}, with {@code $LT$}-style
 * escapes) and v0 ({@code _R...}: paths, impls, generic arguments, basic and compound types,
 * constants, backreferences). Null when the name is neither or is malformed.
 */
final class RustDemangler {
  private static final class Fail extends RuntimeException {
    Fail() {
      super(null, null, false, false);
    }
  }

  private final String s;
  private int p;
  private int depth;

  /** Lifetimes bound by the enclosing {@code for<...>} binders. */
  private long boundLifetimes;

  private RustDemangler(String s, int start) {
    this.s = s;
    this.p = start;
  }

  static String demangle(String mangled) {
    try {
      if (mangled.startsWith("_R")) {
        return v0(mangled);
      }
      if (mangled.startsWith("_ZN")) {
        return legacy(mangled);
      }
    } catch (Fail | IndexOutOfBoundsException | NumberFormatException e) {
      return null;
    }
    return null;
  }

  // ---- legacy

  private static String legacy(String m) {
    StringBuilder out = new StringBuilder();
    int p = 3;
    boolean hashSeen = false;
    while (p < m.length() && m.charAt(p) != 'E') {
      int start = p;
      while (Character.isDigit(m.charAt(p))) p++;
      if (p == start) return null;
      int n = Integer.parseInt(m, start, p, 10);
      if (p + n > m.length()) return null;
      String part = m.substring(p, p + n);
      p += n;
      if (p < m.length() && m.charAt(p) == 'E' && isHash(part)) {
        hashSeen = true;
        break;
      }
      if (!out.isEmpty()) out.append("::");
      if (!unescape(part, out)) return null;
    }
    if (!hashSeen || p + 1 != m.length() && m.charAt(p + 1) != '.') {
      return null;
    }
    return out.toString();
  }

  private static boolean isHash(String part) {
    if (part.length() != 17 || part.charAt(0) != 'h') return false;
    for (int i = 1; i < 17; i++) {
      if (Character.digit(part.charAt(i), 16) < 0) return false;
    }
    return true;
  }

  private static boolean unescape(String part, StringBuilder out) {
    int i = part.startsWith("_$") ? 1 : 0;
    while (i < part.length()) {
      char c = part.charAt(i);
      if (c == '$') {
        int close = part.indexOf('$', i + 1);
        if (close < 0) return false;
        String code = part.substring(i + 1, close);
        switch (code) {
          case "SP" -> out.append('@');
          case "BP" -> out.append('*');
          case "RF" -> out.append('&');
          case "LT" -> out.append('<');
          case "GT" -> out.append('>');
          case "LP" -> out.append('(');
          case "RP" -> out.append(')');
          case "C" -> out.append(',');
          default -> {
            if (!code.startsWith("u")) return false;
            out.appendCodePoint(Integer.parseInt(code.substring(1), 16));
          }
        }
        i = close + 1;
      } else if (c == '.' && i + 1 < part.length() && part.charAt(i + 1) == '.') {
        out.append("::");
        i += 2;
      } else {
        out.append(c);
        i++;
      }
    }
    return true;
  }

  // ---- v0

  private static String v0(String m) {
    RustDemangler d = new RustDemangler(m, 2);
    if (Character.isDigit(d.peek())) {
      d.decimal(); // encoding version
    }
    StringBuilder out = new StringBuilder();
    d.path(out, true);
    if (d.p < m.length() && Character.isUpperCase(d.peek())) {
      d.path(new StringBuilder(), false); // the instantiating crate: not printed
    }
    if (d.p < m.length() && d.peek() != '.') {
      return null;
    }
    return out.toString();
  }

  private char peek() {
    return p < s.length() ? s.charAt(p) : 0;
  }

  private boolean eat(char c) {
    if (peek() == c) {
      p++;
      return true;
    }
    return false;
  }

  private char next() {
    if (p >= s.length()) throw new Fail();
    return s.charAt(p++);
  }

  private int decimal() {
    int start = p;
    if (peek() == '0') {
      p++; // "0" is a number of its own: "00" is two
      return 0;
    }
    while (Character.isDigit(peek())) p++;
    if (p == start) throw new Fail();
    return Integer.parseInt(s, start, p, 10);
  }

  private long base62() {
    if (eat('_')) return 0;
    long v = 0;
    while (true) {
      char c = next();
      if (c == '_') return v + 1;
      int d;
      if (c >= '0' && c <= '9') d = c - '0';
      else if (c >= 'a' && c <= 'z') d = c - 'a' + 10;
      else if (c >= 'A' && c <= 'Z') d = c - 'A' + 36;
      else throw new Fail();
      v = v * 62 + d;
    }
  }

  private void disambiguator() {
    if (eat('s')) base62();
  }

  private String identifier() {
    disambiguator();
    return undisambiguatedIdentifier();
  }

  /** {@code [u] <length> [_] <bytes>}; punycode is shown, not decoded. */
  private String undisambiguatedIdentifier() {
    boolean puny = eat('u');
    int n = decimal();
    eat('_');
    if (p + n > s.length()) throw new Fail();
    String id = s.substring(p, p + n);
    p += n;
    return puny ? "punycode{" + id + "}" : id;
  }

  /** Runs a parse at a backreference's position, then comes back. */
  private void backref(Runnable parse) {
    int target = (int) base62() + 2;
    if (target >= p || ++depth > 64) throw new Fail();
    int saved = p;
    p = target;
    parse.run();
    p = saved;
    depth--;
  }

  private void path(StringBuilder out, boolean valueNs) {
    char c = next();
    switch (c) {
      case 'C' -> out.append(identifier());
      case 'M' -> {
        disambiguator();
        path(new StringBuilder(), false);
        out.append('<');
        type(out);
        out.append('>');
      }
      case 'X' -> {
        disambiguator();
        path(new StringBuilder(), false);
        out.append('<');
        type(out);
        out.append(" as ");
        path(out, false);
        out.append('>');
      }
      case 'Y' -> {
        out.append('<');
        type(out);
        out.append(" as ");
        path(out, false);
        out.append('>');
      }
      case 'N' -> {
        char ns = next();
        path(out, valueNs);
        disambiguatedName(out, ns);
      }
      case 'I' -> {
        path(out, valueNs);
        if (valueNs) out.append("::");
        out.append('<');
        boolean first = true;
        while (!eat('E')) {
          if (!first) out.append(", ");
          first = false;
          genericArg(out);
        }
        out.append('>');
      }
      case 'B' -> backref(() -> path(out, valueNs));
      default -> throw new Fail();
    }
  }

  private void disambiguatedName(StringBuilder out, char ns) {
    long dis = 0;
    if (eat('s')) dis = base62() + 1;
    String id = undisambiguatedIdentifier();
    if (Character.isUpperCase(ns)) {
      String kind = ns == 'C' ? "closure" : ns == 'S' ? "shim" : String.valueOf(ns);
      out.append("::{").append(kind);
      if (!id.isEmpty()) out.append(':').append(id);
      out.append('#').append(dis).append('}');
    } else if (!id.isEmpty()) {
      out.append("::").append(id);
    }
  }

  private void genericArg(StringBuilder out) {
    if (eat('L')) {
      lifetime(out);
    } else if (eat('K')) {
      constant(out);
    } else {
      type(out);
    }
  }

  private void lifetime(StringBuilder out) {
    out.append(lifetimeName(base62()));
  }

  /** A De Bruijn index as the name its binder gave it ('a for the outermost). */
  private String lifetimeName(long index) {
    if (index == 0) {
      return "'_";
    }
    long n = boundLifetimes - index;
    return n >= 0 && n < 26 ? "'" + (char) ('a' + (int) n) : "'_" + n;
  }

  /** An optional binder {@code G<count>}: prints {@code for<'a, ...> } and binds them. */
  private long binder(StringBuilder out) {
    if (!eat('G')) {
      return 0;
    }
    long count = base62() + 1;
    out.append("for<");
    for (long i = 0; i < count; i++) {
      out.append(i == 0 ? "" : ", ")
          .append('\'')
          .append((char) ('a' + (int) ((boundLifetimes + i) % 26)));
    }
    out.append("> ");
    boundLifetimes += count;
    return count;
  }

  private static String basic(char c) {
    return switch (c) {
      case 'a' -> "i8";
      case 'b' -> "bool";
      case 'c' -> "char";
      case 'd' -> "f64";
      case 'e' -> "str";
      case 'f' -> "f32";
      case 'h' -> "u8";
      case 'i' -> "isize";
      case 'j' -> "usize";
      case 'l' -> "i32";
      case 'm' -> "u32";
      case 'n' -> "i128";
      case 'o' -> "u128";
      case 's' -> "i16";
      case 't' -> "u16";
      case 'u' -> "()";
      case 'v' -> "...";
      case 'x' -> "i64";
      case 'y' -> "u64";
      case 'z' -> "!";
      case 'p' -> "_";
      default -> null;
    };
  }

  private void type(StringBuilder out) {
    char c = peek();
    String b = basic(c);
    if (b != null) {
      p++;
      out.append(b);
      return;
    }
    switch (c) {
      case 'R', 'Q' -> {
        p++;
        out.append('&');
        if (eat('L')) {
          long l = base62();
          if (l != 0) {
            out.append(lifetimeName(l)).append(' ');
          }
        }
        if (c == 'Q') out.append("mut ");
        type(out);
      }
      case 'P' -> {
        p++;
        out.append("*const ");
        type(out);
      }
      case 'O' -> {
        p++;
        out.append("*mut ");
        type(out);
      }
      case 'A' -> {
        p++;
        out.append('[');
        type(out);
        out.append("; ");
        constant(out);
        out.append(']');
      }
      case 'S' -> {
        p++;
        out.append('[');
        type(out);
        out.append(']');
      }
      case 'T' -> {
        p++;
        out.append('(');
        int n = 0;
        while (!eat('E')) {
          if (n++ > 0) out.append(", ");
          type(out);
        }
        if (n == 1) out.append(',');
        out.append(')');
      }
      case 'F' -> {
        p++;
        long bound = binder(out);
        if (eat('U')) out.append("unsafe ");
        if (eat('K')) {
          out.append("extern \"");
          if (eat('C')) out.append('C');
          else out.append(identifier().replace('_', '-'));
          out.append("\" ");
        }
        out.append("fn(");
        int n = 0;
        while (!eat('E')) {
          if (n++ > 0) out.append(", ");
          type(out);
        }
        out.append(')');
        StringBuilder ret = new StringBuilder();
        type(ret);
        if (!ret.toString().equals("()")) out.append(" -> ").append(ret);
        boundLifetimes -= bound;
      }
      case 'D' -> {
        p++;
        out.append("dyn ");
        long bound = binder(out);
        int n = 0;
        while (!eat('E')) {
          if (n++ > 0) out.append(" + ");
          StringBuilder trait = new StringBuilder();
          path(trait, false);
          boolean open = false;
          while (eat('p')) {
            if (!open && trait.charAt(trait.length() - 1) == '>') {
              trait.setLength(trait.length() - 1); // bindings join the trait's own arguments
              trait.append(", ");
            } else {
              trait.append(open ? ", " : "<");
            }
            open = true;
            trait.append(identifier()).append(" = ");
            type(trait);
          }
          out.append(trait);
          if (open) out.append('>');
        }
        boundLifetimes -= bound;
        if (!eat('L')) throw new Fail();
        base62();
      }
      case 'B' -> {
        p++;
        backref(() -> type(out));
      }
      default -> path(out, false);
    }
  }

  private void constant(StringBuilder out) {
    if (eat('B')) {
      backref(() -> constant(out));
      return;
    }
    char t = next();
    if (t == 'p') {
      out.append('_');
      return;
    }
    boolean negative = eat('n');
    int start = p;
    while (peek() != '_') next();
    String hex = s.substring(start, p);
    p++;
    long v = hex.isEmpty() ? 0 : Long.parseUnsignedLong(hex, 16);
    switch (t) {
      case 'b' -> out.append(v != 0);
      case 'c' -> out.append('\'').appendCodePoint((int) v).append('\'');
      default -> {
        if (basic(t) == null) throw new Fail();
        out.append(negative ? "-" : "").append(Long.toUnsignedString(v));
        out.append(": ").append(basic(t));
      }
    }
  }
}
