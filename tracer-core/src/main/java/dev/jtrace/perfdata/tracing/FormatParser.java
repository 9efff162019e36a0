package dev.jtrace.perfdata.tracing;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses the format text of one tracepoint ({@code name:}, {@code ID:}, {@code format:} field
 * lines, {@code print fmt:}). Lines it does not understand are passed over; a text without a name
 * or id is rejected (a perf.data's damaged id is let through by {@link #parseFromFile}).
 */
public final class FormatParser {
  private FormatParser() {}

  /** The format, or throws {@link IllegalArgumentException} saying what is missing. */
  public static TracepointFormat parse(String system, String text) {
    TracepointFormat f = parseFromFile(system, text);
    if (f.name().isEmpty()) throw new IllegalArgumentException("no valid 'name:' line");
    if (f.id() < 0) throw new IllegalArgumentException("no 'ID:' line for " + f.name());
    return f;
  }

  /**
   * As {@link #parse}, but a missing or damaged {@code ID:} line gives id -1 (a file's event can
   * still be matched by its name) and a missing or damaged {@code name:} line the name "" (the
   * format can still be matched by its id, and named after its event); a text with neither is
   * rejected.
   */
  static TracepointFormat parseFromFile(String system, String text) {
    String name = null;
    int id = -1;
    String printFmt = null;
    List<FieldFormat> fields = new ArrayList<>();
    boolean common = true;
    for (String line : text.split("\n", -1)) {
      String t = line.strip();
      if (t.startsWith("name:")) {
        name = t.substring(5).strip();
      } else if (t.startsWith("ID:")) {
        try {
          id = Integer.parseInt(t.substring(3).strip());
        } catch (NumberFormatException e) {
          id = -1;
        }
      } else if (t.startsWith("field:")) {
        FieldFormat f = parseField(t, common);
        if (f != null) fields.add(f);
      } else if (t.isEmpty() && !fields.isEmpty()) {
        common = false; // a blank line separates the common fields from the event's own
      } else if (t.startsWith("print fmt:")) {
        printFmt = t.substring(10).strip();
      }
    }
    if (name == null || !isName(name)) {
      if (id < 0) throw new IllegalArgumentException("neither a valid 'name:' nor 'ID:' line");
      name = "";
    }
    List<FieldFormat> frozen = List.copyOf(fields);
    PrintFormat pf = printFmt == null ? null : PrintFormat.compile(printFmt, frozen);
    return new TracepointFormat(
        system, name, id, frozen, printFmt, pf, text, SyscallFormat.of(system, name, frozen));
  }

  /** A format whose own name was damaged, named after the event that uses it. */
  public static TracepointFormat named(TracepointFormat f, String name) {
    return new TracepointFormat(
        f.system(),
        name,
        f.id(),
        f.fields(),
        f.printFmtText(),
        f.printFormat(),
        f.text(),
        SyscallFormat.of(f.system(), name, f.fields()));
  }

  /** A tracepoint's name as tracefs spells it: letters, digits, '_', '-' and '.'. */
  private static boolean isName(String name) {
    if (name.isEmpty()) return false;
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (!(Character.isLetterOrDigit(c) && c < 0x80) && c != '_' && c != '-' && c != '.')
        return false;
    }
    return true;
  }

  /** {@code field:unsigned long args[6]; offset:16; size:48; signed:0;}, or null if malformed. */
  static FieldFormat parseField(String line, boolean common) {
    String[] parts = line.split(";");
    if (parts.length < 3) return null;
    String decl = parts[0].substring("field:".length()).strip();
    int offset = -1;
    int size = -1;
    boolean signed = false;
    for (int i = 1; i < parts.length; i++) {
      String p = parts[i].strip();
      int colon = p.indexOf(':');
      if (colon < 0) continue;
      String key = p.substring(0, colon).strip();
      String value = p.substring(colon + 1).strip();
      try {
        switch (key) {
          case "offset" -> offset = Integer.parseInt(value);
          case "size" -> size = Integer.parseInt(value);
          case "signed" -> signed = Integer.parseInt(value) != 0;
          default -> {}
        }
      } catch (NumberFormatException e) {
        return null;
      }
    }
    if (offset < 0 || size < 0 || decl.isEmpty()) return null;
    boolean dataLoc = decl.startsWith("__data_loc") || decl.startsWith("__rel_loc");
    int arrayLength = 0;
    String d = decl;
    int bracket = d.lastIndexOf('[');
    if (bracket >= 0 && d.endsWith("]")) {
      String len = d.substring(bracket + 1, d.length() - 1).strip();
      if (len.isEmpty()) {
        arrayLength = -1;
      } else {
        try {
          arrayLength = Integer.parseInt(len);
        } catch (NumberFormatException e) {
          arrayLength = -1;
        }
      }
      d = d.substring(0, bracket).strip();
    }
    int end = d.length();
    int start = end;
    while (start > 0
        && (Character.isLetterOrDigit(d.charAt(start - 1)) || d.charAt(start - 1) == '_')) start--;
    if (start == end) {
      // __data_loc char[] name: the brackets come before the name
      return null;
    }
    String name = d.substring(start, end);
    String type = d.substring(0, start);
    if (dataLoc) {
      int b2 = type.indexOf('[');
      if (b2 >= 0) type = type.substring(0, b2);
      arrayLength = -1;
    }
    boolean isString =
        type.contains("char") && !type.contains("*") && (arrayLength != 0 || dataLoc);
    if (arrayLength > 0 && size % arrayLength != 0) arrayLength = -1;
    return new FieldFormat(
        decl, name, offset, size, signed, common, arrayLength, dataLoc, isString);
  }
}
