package dev.jtrace.perfdata.tracing;

import java.util.ArrayList;
import java.util.List;

/**
 * A compiled {@code print fmt:}: the printf string cut into literal text and conversions, each
 * conversion bound to its argument expression ({@link PrintExpr}), rendered as libtraceevent (and
 * so {@code perf script}) renders it: C's printf widths, flags and length modifiers, {@code %pS} /
 * {@code %ps} through kernel symbols, {@code %p} as glibc prints it. A format outside the subset
 * does not compile ({@link #compile} gives null) and the payload is printed as {@code field=value}
 * pairs instead. Rendering allocates nothing.
 */
public final class PrintFormat {
  private final List<Object> parts; // String literals and Conversions, in order

  private PrintFormat(List<Object> parts) {
    this.parts = parts;
  }

  /**
   * One {@code %…} with its argument. {@code bits} is the width the length modifier gives (32
   * without one, as C's int); {@code pointerKind} is the letter after {@code %p} ({@code S}, {@code
   * s}, …) or 0.
   */
  private record Conversion(
      char conv,
      char pointerKind,
      int bits,
      boolean leftAlign,
      boolean zeroPad,
      boolean plus,
      boolean space,
      boolean alternate,
      int width,
      int precision,
      PrintExpr widthArg,
      PrintExpr arg) {}

  /** Compiles the text after {@code print fmt:}, or returns null when it is outside the subset. */
  public static PrintFormat compile(String text, List<FieldFormat> fields) {
    try {
      return compileOrThrow(text.strip(), fields);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static PrintFormat compileOrThrow(String text, List<FieldFormat> fields) {
    if (!text.startsWith("\"")) throw new IllegalArgumentException("no format string");
    StringBuilder fmt = new StringBuilder();
    int i = 1;
    for (; i < text.length() && text.charAt(i) != '"'; i++) {
      char c = text.charAt(i);
      if (c == '\\' && i + 1 < text.length()) c = PrintExprParser.unescape(text.charAt(++i));
      fmt.append(c);
    }
    if (i >= text.length()) throw new IllegalArgumentException("unterminated format string");
    List<PrintExpr> args = PrintExprParser.parseArguments(text.substring(i + 1), fields);
    List<Object> parts = new ArrayList<>();
    StringBuilder literal = new StringBuilder();
    int argi = 0;
    String f = fmt.toString();
    for (int p = 0; p < f.length(); p++) {
      char c = f.charAt(p);
      if (c != '%') {
        literal.append(c);
        continue;
      }
      if (p + 1 < f.length() && f.charAt(p + 1) == '%') {
        literal.append('%');
        p++;
        continue;
      }
      int q = p + 1;
      boolean zero = false, left = false, plus = false, space = false, alt = false;
      while (q < f.length() && "-0+ #".indexOf(f.charAt(q)) >= 0) {
        switch (f.charAt(q++)) {
          case '0' -> zero = true;
          case '-' -> left = true;
          case '+' -> plus = true;
          case ' ' -> space = true;
          default -> alt = true;
        }
      }
      int width = 0;
      PrintExpr widthArg = null;
      if (q < f.length() && f.charAt(q) == '*') {
        q++;
        widthArg = argument(args, argi++);
      }
      while (q < f.length() && Character.isDigit(f.charAt(q)))
        width = width * 10 + (f.charAt(q++) - '0');
      int precision = -1;
      if (q < f.length() && f.charAt(q) == '.') {
        q++;
        precision = 0;
        while (q < f.length() && Character.isDigit(f.charAt(q)))
          precision = precision * 10 + (f.charAt(q++) - '0');
      }
      int bits = 32;
      while (q < f.length() && "hlLqjzt".indexOf(f.charAt(q)) >= 0) {
        bits = f.charAt(q) == 'h' ? (bits == 16 ? 8 : 16) : 64;
        q++;
      }
      if (q >= f.length()) throw new IllegalArgumentException("conversion without a letter");
      char conv = f.charAt(q);
      if ("diuxXocsp".indexOf(conv) < 0) throw new IllegalArgumentException("conversion %" + conv);
      char pointerKind = 0;
      if (conv == 'p') {
        bits = 64;
        if (q + 1 < f.length() && Character.isLetterOrDigit(f.charAt(q + 1))) {
          pointerKind = f.charAt(++q);
          if ("SsFf".indexOf(pointerKind) < 0)
            throw new IllegalArgumentException("pointer kind %p" + pointerKind);
        }
      }
      if (!literal.isEmpty()) {
        parts.add(literal.toString());
        literal.setLength(0);
      }
      parts.add(
          new Conversion(
              conv,
              pointerKind,
              bits,
              left,
              zero,
              plus,
              space,
              alt,
              width,
              precision,
              widthArg,
              argument(args, argi++)));
      p = q;
    }
    if (!literal.isEmpty()) parts.add(literal.toString());
    return new PrintFormat(List.copyOf(parts));
  }

  private static PrintExpr argument(List<PrintExpr> args, int index) {
    if (index >= args.size()) throw new IllegalArgumentException("too few arguments");
    return args.get(index);
  }

  /** Appends the payload rendered by this format, kernel addresses named by {@code symbols}. */
  public void append(StringBuilder sb, RawPayload payload, Kallsyms symbols) {
    for (int i = 0; i < parts.size(); i++) {
      Object part = parts.get(i);
      if (part instanceof String s) sb.append(s);
      else appendConversion(sb, (Conversion) part, payload, symbols);
    }
  }

  private static void appendConversion(
      StringBuilder sb, Conversion c, RawPayload p, Kallsyms symbols) {
    int start = sb.length();
    int width = c.widthArg == null ? c.width : (int) c.widthArg.value(p);
    boolean left = c.leftAlign || width < 0;
    width = Math.abs(width);
    int digitsAt = start; // where zero padding goes (after a sign or 0x)
    boolean numeric = true;
    PrintExpr arg = c.arg;
    switch (c.conv) {
      case 's' -> {
        numeric = false;
        arg.appendText(sb, p, symbols);
        if (c.precision >= 0 && sb.length() - start > c.precision)
          sb.setLength(start + c.precision);
      }
      case 'p' -> {
        numeric = false;
        long v = arg.value(p);
        if (c.pointerKind != 0) {
          boolean offset = c.pointerKind == 'S' || c.pointerKind == 'F';
          if (symbols == null || !symbols.appendSymbol(sb, v, offset)) {
            sb.append("0x");
            appendHex(sb, v, false);
          }
        } else if (v == 0) {
          sb.append("(nil)");
        } else {
          sb.append("0x");
          appendHex(sb, v, false);
        }
      }
      case 'c' -> {
        numeric = false;
        sb.append((char) (arg.value(p) & 0xff));
      }
      default -> {
        long v = truncate(arg.value(p), c.bits, c.conv == 'd' || c.conv == 'i');
        if (c.conv == 'd' || c.conv == 'i') {
          if (v < 0) sb.append('-');
          else if (c.plus) sb.append('+');
          else if (c.space) sb.append(' ');
          digitsAt = sb.length();
          if (v == Long.MIN_VALUE) sb.append("9223372036854775808");
          else sb.append(Math.abs(v));
        } else if (c.conv == 'u') {
          appendUnsigned(sb, v);
        } else if (c.conv == 'o') {
          if (c.alternate && v != 0) sb.append('0');
          digitsAt = sb.length();
          appendOctal(sb, v);
        } else {
          if (c.alternate && v != 0) sb.append(c.conv == 'X' ? "0X" : "0x");
          digitsAt = sb.length();
          appendHex(sb, v, c.conv == 'X');
        }
        int digits = sb.length() - digitsAt;
        if (c.precision > digits) insert(sb, digitsAt, '0', c.precision - digits);
      }
    }
    int padding = width - (sb.length() - start);
    if (padding <= 0) return;
    if (left) sb.repeat(' ', padding);
    else if (c.zeroPad && numeric && c.precision < 0) insert(sb, digitsAt, '0', padding);
    else insert(sb, start, ' ', padding);
  }

  private static long truncate(long v, int bits, boolean signed) {
    if (bits >= 64) return v;
    int shift = 64 - bits;
    return signed ? (v << shift) >> shift : (v << shift) >>> shift;
  }

  private static void insert(StringBuilder sb, int at, char c, int count) {
    for (int i = 0; i < count; i++) sb.insert(at, c);
  }

  /** {@code v} as an unsigned decimal number, without allocating. */
  static void appendUnsigned(StringBuilder sb, long v) {
    if (v >= 0) {
      sb.append(v);
    } else {
      long q = (v >>> 1) / 5;
      sb.append(q).append((char) ('0' + (v - q * 10)));
    }
  }

  /** {@code v} in lower (or upper) case hex, no prefix, without allocating. */
  static void appendHex(StringBuilder sb, long v, boolean upper) {
    int nibbles = Math.max(1, (67 - Long.numberOfLeadingZeros(v)) / 4);
    for (int i = nibbles - 1; i >= 0; i--) {
      int d = (int) (v >>> (i * 4)) & 0xf;
      sb.append((char) (d < 10 ? '0' + d : (upper ? 'A' : 'a') + d - 10));
    }
  }

  private static void appendOctal(StringBuilder sb, long v) {
    int digits = Math.max(1, (66 - Long.numberOfLeadingZeros(v)) / 3);
    for (int i = digits - 1; i >= 0; i--) sb.append((char) ('0' + ((v >>> (i * 3)) & 7)));
  }

  /** One byte as two lower-case hex digits. */
  static void appendHexByte(StringBuilder sb, int b) {
    sb.append(Character.forDigit((b >>> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
  }
}
