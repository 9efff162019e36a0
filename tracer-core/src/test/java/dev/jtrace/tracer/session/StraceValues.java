package dev.jtrace.tracer.session;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the structs and arrays strace prints ({@code {st_mode=0100640, st_size=15, ...}}, {@code
 * [{fd=3, events=0x1}]}) into their parts, for comparing values with jtrace's JSON contents.
 */
final class StraceValues {
  private StraceValues() {}

  /** The members of {@code {a=1, b="x", ...}} by name (the {@code ...} left out), in order. */
  static Map<String, String> struct(String text) {
    Map<String, String> out = new LinkedHashMap<>();
    if (text == null || !text.startsWith("{") || !text.endsWith("}")) {
      return out;
    }
    for (String member : split(text.substring(1, text.length() - 1))) {
      int eq = member.indexOf('=');
      if (eq > 0) {
        out.put(member.substring(0, eq), member.substring(eq + 1));
      }
    }
    return out;
  }

  /** The elements of {@code [a, b, {…}]}, or null when the text is not an array. */
  static List<String> array(String text) {
    if (text == null || !text.startsWith("[") || !text.endsWith("]")) {
      return null;
    }
    String inside = text.substring(1, text.length() - 1);
    return inside.isEmpty() ? List.of() : split(inside);
  }

  /** A number strace prints with -X raw (decimal, 0x hex, 0 octal), or null when it is not one. */
  static Long number(String text) {
    try {
      return StraceRun.number(text);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** Splits at the commas outside quotes, braces and brackets. */
  private static List<String> split(String text) {
    List<String> parts = new ArrayList<>();
    int depth = 0;
    boolean quoted = false;
    int start = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quoted) {
        if (c == '\\') {
          i++;
        } else if (c == '"') {
          quoted = false;
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == '{' || c == '[' || c == '(') {
        depth++;
      } else if (c == '}' || c == ']' || c == ')') {
        depth--;
      } else if (c == ',' && depth == 0) {
        parts.add(text.substring(start, i).trim());
        start = i + 1;
      }
    }
    String last = text.substring(start).trim();
    if (!last.isEmpty() && !last.equals("...")) {
      parts.add(last);
    }
    parts.removeIf(p -> p.equals("..."));
    return parts;
  }
}
