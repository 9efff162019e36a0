package dev.jtrace.perfdata.tracing;

import java.nio.ByteOrder;
import java.util.List;

/**
 * One argument of a {@code print fmt}, compiled: the C expression subset tracepoint formats use
 * (fields, numbers, strings, casts, arithmetic, comparisons, ternaries and the {@code __print_*} /
 * {@code __get_*} helpers), evaluated against one payload. Numbers are evaluated in 64 bits; a node
 * that yields text appends it to the caller's buffer, so rendering allocates nothing.
 */
sealed interface PrintExpr {

  /** The value as a number (0 for text). */
  long value(RawPayload p);

  /** Whether the value is text ({@code %s} prints it). */
  default boolean isText() {
    return false;
  }

  /** Appends the value as text; numbers in decimal. */
  default void appendText(StringBuilder sb, RawPayload p, Kallsyms symbols) {
    sb.append(value(p));
  }

  /** An expression whose value is text only (its number is 0). */
  sealed interface Text extends PrintExpr {
    @Override
    default long value(RawPayload p) {
      return 0;
    }

    @Override
    default boolean isText() {
      return true;
    }
  }

  /** An integer constant. */
  record Constant(long v) implements PrintExpr {
    @Override
    public long value(RawPayload p) {
      return v;
    }
  }

  /** A string literal; {@code NULL} ({@code ((void *)0)}) is a Literal of null. */
  record Literal(String text) implements Text {
    @Override
    public void appendText(StringBuilder sb, RawPayload p, Kallsyms symbols) {
      sb.append(text == null ? "(null)" : text);
    }
  }

  /**
   * {@code REC->name} or {@code REC->name[i]}: a number, or text for {@code char} arrays (read up
   * to the first NUL).
   */
  record Field(FieldFormat field, int index) implements PrintExpr {
    @Override
    public long value(RawPayload p) {
      return p.number(field, index);
    }

    @Override
    public boolean isText() {
      return field.isString() && index == 0;
    }

    @Override
    public void appendText(StringBuilder sb, RawPayload p, Kallsyms symbols) {
      if (isText()) p.appendString(sb, field);
      else sb.append(value(p));
    }
  }

  /** {@code __get_str(name)}: a {@code __data_loc char[]} (or fixed char array) field's text. */
  record StringField(FieldFormat field) implements Text {
    @Override
    public void appendText(StringBuilder sb, RawPayload p, Kallsyms symbols) {
      p.appendString(sb, field);
    }
  }

  /**
   * {@code __get_dynamic_array(name)} or a fixed array field: bytes of the payload for {@code
   * __print_hex} and {@code __print_array}.
   */
  record ArrayField(FieldFormat field) implements PrintExpr {
    @Override
    public long value(RawPayload p) {
      return p.arrayOffset(field);
    }
  }

  /** {@code __get_dynamic_array_len(name)}: the array's length in bytes. */
  record ArrayLength(FieldFormat field) implements PrintExpr {
    @Override
    public long value(RawPayload p) {
      return p.arrayLength(field);
    }
  }

  /** {@code __get_bitmask(name)}: the mask in hex, a comma every 32 bits, as libtraceevent. */
  record Bitmask(FieldFormat field) implements Text {
    @Override
    public void appendText(StringBuilder sb, RawPayload p, Kallsyms symbols) {
      int off = p.arrayOffset(field);
      int len = p.arrayLength(field);
      boolean little = p.order() == ByteOrder.LITTLE_ENDIAN;
      for (int i = 0; i < len; i++) {
        // most significant byte first: the last byte of a little-endian mask
        int b = p.byteAt(little ? off + len - 1 - i : off + i);
        if (i > 0 && i % 4 == 0) sb.append(',');
        PrintFormat.appendHexByte(sb, b);
      }
    }
  }

  /** A C cast to an integer type: truncates to {@code bits} and sign-extends when signed. */
  record Cast(int bits, boolean signed, boolean bool, PrintExpr operand) implements PrintExpr {
    @Override
    public long value(RawPayload p) {
      long v = operand.value(p);
      if (bool) return v != 0 ? 1 : 0;
      if (bits >= 64) return v;
      int shift = 64 - bits;
      return signed ? (v << shift) >> shift : (v << shift) >>> shift;
    }

    @Override
    public boolean isText() {
      return operand.isText();
    }

    @Override
    public void appendText(StringBuilder sb, RawPayload p, Kallsyms symbols) {
      if (operand.isText()) operand.appendText(sb, p, symbols);
      else sb.append(value(p));
    }
  }

  /** A unary operator: {@code -}, {@code ~} or {@code !}. */
  record Unary(char op, PrintExpr operand) implements PrintExpr {
    @Override
    public long value(RawPayload p) {
      long v = operand.value(p);
      return switch (op) {
        case '-' -> -v;
        case '~' -> ~v;
        default -> v == 0 ? 1 : 0;
      };
    }
  }

  /** A binary operator of C (shifts and division unsigned, as libtraceevent evaluates them). */
  record Binary(String op, PrintExpr left, PrintExpr right) implements PrintExpr {
    @Override
    public long value(RawPayload p) {
      long a = left.value(p);
      if (op.equals("&&")) return a != 0 && right.value(p) != 0 ? 1 : 0;
      if (op.equals("||")) return a != 0 || right.value(p) != 0 ? 1 : 0;
      long b = right.value(p);
      return switch (op) {
        case "+" -> a + b;
        case "-" -> a - b;
        case "*" -> a * b;
        case "/" -> b == 0 ? 0 : Long.divideUnsigned(a, b);
        case "%" -> b == 0 ? 0 : Long.remainderUnsigned(a, b);
        case "<<" -> a << b;
        case ">>" -> a >>> b;
        case "&" -> a & b;
        case "|" -> a | b;
        case "^" -> a ^ b;
        case "==" -> a == b ? 1 : 0;
        case "!=" -> a != b ? 1 : 0;
        case "<" -> a < b ? 1 : 0;
        case ">" -> a > b ? 1 : 0;
        case "<=" -> a <= b ? 1 : 0;
        case ">=" -> a >= b ? 1 : 0;
        default -> throw new IllegalStateException(op);
      };
    }
  }

  /** {@code c ? a : b}, a number or text after its branches. */
  record Conditional(PrintExpr test, PrintExpr then, PrintExpr otherwise) implements PrintExpr {
    @Override
    public long value(RawPayload p) {
      return test.value(p) != 0 ? then.value(p) : otherwise.value(p);
    }

    @Override
    public boolean isText() {
      return then.isText() || otherwise.isText();
    }

    @Override
    public void appendText(StringBuilder sb, RawPayload p, Kallsyms symbols) {
      (test.value(p) != 0 ? then : otherwise).appendText(sb, p, symbols);
    }
  }

  /** One {@code { value, "name" }} of a {@code __print_symbolic} or {@code __print_flags} table. */
  record Symbol(long value, String name) {}

  /** {@code __print_symbolic(v, {1, "A"}, …)}: the name of the value, or the value in hex. */
  record Symbolic(PrintExpr operand, List<Symbol> symbols) implements Text {
    @Override
    public void appendText(StringBuilder sb, RawPayload p, Kallsyms kallsyms) {
      long v = operand.value(p);
      for (int i = 0; i < symbols.size(); i++) {
        Symbol s = symbols.get(i);
        if (s.value == v) {
          sb.append(s.name);
          return;
        }
      }
      sb.append("0x");
      PrintFormat.appendHex(sb, v, false);
    }
  }

  /**
   * {@code __print_flags(v, "|", {1, "A"}, …)}: the names of the set flags joined by the delimiter,
   * what is left in hex (libtraceevent's order: the table's, each flag's bits removed).
   */
  record Flags(PrintExpr operand, String delimiter, List<Symbol> flags) implements Text {
    @Override
    public void appendText(StringBuilder sb, RawPayload p, Kallsyms kallsyms) {
      long v = operand.value(p);
      boolean printed = false;
      for (int i = 0; i < flags.size(); i++) {
        Symbol f = flags.get(i);
        if (v == 0 && f.value == 0) {
          sb.append(f.name);
          return;
        }
        if (f.value != 0 && (v & f.value) == f.value) {
          if (printed) sb.append(delimiter);
          sb.append(f.name);
          printed = true;
          v &= ~f.value;
        }
      }
      if (v != 0) {
        if (printed) sb.append(delimiter);
        sb.append("0x");
        PrintFormat.appendHex(sb, v, false);
      }
    }
  }

  /** {@code __print_hex(buf, len)} (bytes in hex, a space between) or {@code __print_hex_str}. */
  record Hex(PrintExpr buffer, PrintExpr length, boolean separated) implements Text {
    @Override
    public void appendText(StringBuilder sb, RawPayload p, Kallsyms symbols) {
      int off = (int) buffer.value(p);
      long len = length.value(p);
      for (int i = 0; i < len && off + i < p.data().length; i++) {
        if (i > 0 && separated) sb.append(' ');
        PrintFormat.appendHexByte(sb, p.byteAt(off + i));
      }
    }
  }

  /** {@code __print_array(buf, count, size)}: {@code {0x1,0x2}}. */
  record Array(PrintExpr buffer, PrintExpr count, int elementSize) implements Text {
    @Override
    public void appendText(StringBuilder sb, RawPayload p, Kallsyms symbols) {
      int off = (int) buffer.value(p);
      long n = count.value(p);
      sb.append('{');
      for (int i = 0; i < n && off + (i + 1) * elementSize <= p.data().length; i++) {
        if (i > 0) sb.append(',');
        sb.append("0x");
        PrintFormat.appendHex(sb, p.read(off + i * elementSize, elementSize, false), false);
      }
      sb.append('}');
    }
  }
}
