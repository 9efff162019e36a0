package dev.jtrace.tracer.perf;

import java.util.ArrayList;
import java.util.List;

/** One field line of a tracefs format file: {@code field:long args[6]; offset:16; size:48; signed:0;}. */
public record TracepointField(String declaration, String name, int offset, int size, boolean signed) {

  /** Parses the {@code field:} lines of a format file. */
  public static List<TracepointField> parseFormat(List<String> lines) {
    List<TracepointField> out = new ArrayList<>();
    for (String line : lines) {
      String t = line.trim();
      if (!t.startsWith("field:")) {
        continue;
      }
      String decl = null;
      int offset = -1;
      int size = -1;
      boolean signed = false;
      for (String part : t.split(";")) {
        String p = part.trim();
        if (p.startsWith("field:")) {
          decl = p.substring(6).trim();
        } else if (p.startsWith("offset:")) {
          offset = Integer.parseInt(p.substring(7).trim());
        } else if (p.startsWith("size:")) {
          size = Integer.parseInt(p.substring(5).trim());
        } else if (p.startsWith("signed:")) {
          signed = p.substring(7).trim().equals("1");
        }
      }
      if (decl != null && offset >= 0) {
        out.add(new TracepointField(decl, nameOf(decl), offset, size, signed));
      }
    }
    return out;
  }

  /** The identifier of a C declaration: {@code const char * filename} → filename, {@code long args[6]} → args. */
  static String nameOf(String decl) {
    String d = decl;
    int br = d.indexOf('[');
    if (br >= 0) {
      d = d.substring(0, br);
    }
    d = d.trim();
    int i = d.length();
    while (i > 0 && (Character.isLetterOrDigit(d.charAt(i - 1)) || d.charAt(i - 1) == '_')) {
      i--;
    }
    return d.substring(i);
  }
}
