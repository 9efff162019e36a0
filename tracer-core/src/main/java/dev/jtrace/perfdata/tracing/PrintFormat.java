package dev.jtrace.perfdata.tracing;

import java.util.ArrayList;
import java.util.List;

/**
 * A compiled {@code print fmt:} of the simple kind the syscall tracepoints use: a printf string
 * whose arguments are fields ({@code REC->id}, {@code REC->args[2]}, casts and parentheses around
 * them, {@code __get_str(f)}). A format with any other argument does not compile ({@link #compile}
 * gives null) and the payload is printed as {@code field=value} pairs instead.
 */
public final class PrintFormat {
  private final List<Object> parts; // String literals and Spec conversions, in order

  private PrintFormat(List<Object> parts) {
    this.parts = parts;
  }

  /** One conversion with the field it prints. */
  private record Spec(
      FieldFormat field,
      int index,
      boolean string,
      char conv,
      boolean longArg,
      boolean zeroPad,
      boolean leftAlign,
      boolean alt,
      int width) {}

  /**
   * Compiles the text after {@code print fmt:}, or returns null when it is not of the simple kind.
   */
  public static PrintFormat compile(String text, List<FieldFormat> fields) {
    try {
      return compileOrThrow(text.strip(), fields);
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static PrintFormat compileOrThrow(String text, List<FieldFormat> fields) {
    if (!text.startsWith("\"")) return null;
    StringBuilder fmt = new StringBuilder();
    int i = 1;
    for (; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\\' && i + 1 < text.length()) {
        char n = text.charAt(++i);
        fmt.append(
            switch (n) {
              case 'n' -> '\n';
              case 't' -> '\t';
              default -> n;
            });
      } else if (c == '"') {
        break;
      } else {
        fmt.append(c);
      }
    }
    if (i >= text.length()) return null;
    List<String> args = splitArgs(text.substring(i + 1));
    List<Object> parts = new ArrayList<>();
    StringBuilder lit = new StringBuilder();
    int argi = 0;
    String f = fmt.toString();
    for (int p = 0; p < f.length(); p++) {
      char c = f.charAt(p);
      if (c != '%') {
        lit.append(c);
        continue;
      }
      if (p + 1 < f.length() && f.charAt(p + 1) == '%') {
        lit.append('%');
        p++;
        continue;
      }
      int q = p + 1;
      boolean zero = false, left = false, alt = false;
      while (q < f.length() && "-0+ #".indexOf(f.charAt(q)) >= 0) {
        char fl = f.charAt(q++);
        if (fl == '0') zero = true;
        if (fl == '-') left = true;
        if (fl == '#') alt = true;
      }
      int width = 0;
      while (q < f.length() && Character.isDigit(f.charAt(q)))
        width = width * 10 + (f.charAt(q++) - '0');
      if (q < f.length() && f.charAt(q) == '.') {
        q++;
        while (q < f.length() && Character.isDigit(f.charAt(q))) q++;
      }
      boolean longArg = false;
      while (q < f.length() && "hlLqjzt".indexOf(f.charAt(q)) >= 0) {
        if (f.charAt(q) != 'h') longArg = true;
        q++;
      }
      if (q >= f.length()) return null;
      char conv = f.charAt(q);
      if ("diuxXcsp".indexOf(conv) < 0) return null;
      if (conv == 'p') {
        // %pS and friends take a kernel pointer extension: not of the simple kind
        if (q + 1 < f.length() && Character.isLetter(f.charAt(q + 1))) return null;
      }
      if (argi >= args.size()) return null;
      Spec spec = bind(args.get(argi++), fields, conv, longArg, zero, left, alt, width);
      if (spec == null) return null;
      if (!lit.isEmpty()) {
        parts.add(lit.toString());
        lit.setLength(0);
      }
      parts.add(spec);
      p = q;
    }
    if (!lit.isEmpty()) parts.add(lit.toString());
    return new PrintFormat(List.copyOf(parts));
  }

  private static Spec bind(
      String arg,
      List<FieldFormat> fields,
      char conv,
      boolean longArg,
      boolean zero,
      boolean left,
      boolean alt,
      int width) {
    String a = stripCasts(arg.strip());
    boolean string = false;
    if (a.startsWith("__get_str(") && a.endsWith(")")) {
      a = "REC->" + a.substring(10, a.length() - 1).strip();
      string = true;
    }
    if (!a.startsWith("REC->")) return null;
    String name = a.substring(5).strip();
    int index = 0;
    int b = name.indexOf('[');
    if (b >= 0) {
      if (!name.endsWith("]")) return null;
      index = Integer.parseInt(name.substring(b + 1, name.length() - 1).strip());
      name = name.substring(0, b).strip();
    }
    for (FieldFormat f : fields) {
      if (f.name().equals(name)) {
        if (index < 0 || (index > 0 && index >= f.arrayLength())) return null;
        boolean str = string || (conv == 's' && f.isString());
        if (conv == 's' && !str) return null;
        return new Spec(f, index, str, conv, longArg, zero, left, alt, width);
      }
    }
    return null;
  }

  /** Removes enclosing parentheses and leading C casts such as {@code (unsigned long)}. */
  static String stripCasts(String a) {
    while (true) {
      a = a.strip();
      if (a.startsWith("(")) {
        int close = matching(a, 0);
        if (close == a.length() - 1) {
          a = a.substring(1, close);
          continue;
        }
        String inner = a.substring(1, close).strip();
        if (close > 0 && inner.matches("[A-Za-z_][A-Za-z0-9_ ]*\\**")) {
          a = a.substring(close + 1);
          continue;
        }
      }
      return a;
    }
  }

  private static int matching(String s, int open) {
    int depth = 0;
    for (int i = open; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '(') depth++;
      if (c == ')' && --depth == 0) return i;
    }
    return -1;
  }

  private static List<String> splitArgs(String rest) {
    List<String> out = new ArrayList<>();
    int depth = 0;
    StringBuilder cur = null;
    for (int i = 0; i < rest.length(); i++) {
      char c = rest.charAt(i);
      if (c == ',' && depth == 0) {
        if (cur != null) out.add(cur.toString());
        cur = new StringBuilder();
        continue;
      }
      if (c == '(' || c == '[') depth++;
      if (c == ')' || c == ']') depth--;
      if (cur != null) cur.append(c);
    }
    if (cur != null) out.add(cur.toString());
    return out;
  }

  /** Appends the payload rendered by this format. */
  public void append(StringBuilder sb, RawPayload payload) {
    for (Object part : parts) {
      if (part instanceof String s) {
        sb.append(s);
        continue;
      }
      Spec s = (Spec) part;
      String text;
      if (s.string) {
        text = payload.string(s.field);
      } else {
        long v = payload.number(s.field, s.index);
        if (!s.longArg && s.conv != 'p')
          v = s.conv == 'd' || s.conv == 'i' ? (int) v : v & 0xffffffffL;
        text =
            switch (s.conv) {
              case 'd', 'i' -> Long.toString(v);
              case 'u' -> Long.toUnsignedString(v);
              case 'x' -> (s.alt ? "0x" : "") + Long.toHexString(v);
              case 'X' ->
                  (s.alt ? "0X" : "") + Long.toHexString(v).toUpperCase(java.util.Locale.ROOT);
              case 'c' -> String.valueOf((char) (v & 0xff));
              case 'p' -> "0x" + Long.toHexString(v);
              default -> Long.toString(v);
            };
      }
      pad(sb, text, s);
    }
  }

  private static void pad(StringBuilder sb, String text, Spec s) {
    int padding = s.width - text.length();
    if (padding <= 0) {
      sb.append(text);
    } else if (s.leftAlign) {
      sb.append(text).repeat(' ', padding);
    } else if (s.zeroPad && !s.string) {
      int sign = text.startsWith("-") ? 1 : 0;
      sb.append(text, 0, sign).repeat('0', padding).append(text, sign, text.length());
    } else {
      sb.repeat(' ', padding).append(text);
    }
  }
}
