package dev.jtrace.beauty;

import java.nio.charset.StandardCharsets;

/**
 * Text from the traced system (captured strings, fd paths) as jtrace carries it: a byte string, one
 * {@code char} per byte ({@code U+0000..U+00FF}, ISO-8859-1), so that names which are not UTF-8
 * survive. Printed with strace's escapes: {@code \n}, {@code \t}, {@code \"}, {@code \\} and octal
 * for every other byte below 0x20 or from 0x7f ({@code \1}, {@code \377}; three digits when an
 * octal digit follows).
 */
public final class ByteText {
  private ByteText() {}

  /** A byte string of raw bytes. */
  public static String of(byte[] bytes, int offset, int length) {
    return new String(bytes, offset, length, StandardCharsets.ISO_8859_1);
  }

  /** A byte string of a Java string's UTF-8 encoding (text that came decoded, e.g. from a Path). */
  public static String ofUtf8(String decoded) {
    for (int i = 0; i < decoded.length(); i++) {
      if (decoded.charAt(i) >= 0x80) {
        return new String(decoded.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
      }
    }
    return decoded;
  }

  /** The bytes of a byte string. */
  public static byte[] bytes(String byteText) {
    return byteText.getBytes(StandardCharsets.ISO_8859_1);
  }

  /** Appends {@code "…"} with the bytes escaped. */
  public static StringBuilder appendQuoted(StringBuilder out, String byteText) {
    return appendEscaped(out.append('"'), byteText).append('"');
  }

  /** Appends the bytes escaped, without quotes (an fd's path between {@code <>}). */
  public static StringBuilder appendEscaped(StringBuilder out, String byteText) {
    int n = byteText.length();
    for (int i = 0; i < n; i++) {
      int c = byteText.charAt(i) & 0xff;
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\t' -> out.append("\\t");
        case '\r' -> out.append("\\r");
        case 0x0b -> out.append("\\v");
        case '\f' -> out.append("\\f");
        default -> {
          if (c >= 0x20 && c < 0x7f) {
            out.append((char) c);
          } else {
            boolean digitFollows =
                i + 1 < n && byteText.charAt(i + 1) >= '0' && byteText.charAt(i + 1) <= '7';
            out.append('\\');
            if (digitFollows || c >= 0100) {
              out.append((char) ('0' + (c >> 6)));
            }
            if (digitFollows || c >= 010) {
              out.append((char) ('0' + ((c >> 3) & 7)));
            }
            out.append((char) ('0' + (c & 7)));
          }
        }
      }
    }
    return out;
  }

  /** Whether printing the byte string needs no escape (the common case: no copy then). */
  public static boolean isPlain(String byteText) {
    for (int i = 0; i < byteText.length(); i++) {
      char c = byteText.charAt(i);
      if (c < 0x20 || c >= 0x7f || c == '"' || c == '\\') {
        return false;
      }
    }
    return true;
  }
}
