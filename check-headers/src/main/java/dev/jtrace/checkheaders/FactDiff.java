package dev.jtrace.checkheaders;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Compares two versions of one facts file (docs/ABI-SNAPSHOT.md) as facts, not text: each line is keyed by
 * what it is about (a macro name, an enumerator, a struct, a syscall, a field), so a reordering, a comment or
 * a changed replacement text with the same value is no change.
 */
public final class FactDiff {
  private FactDiff() {}

  /** One line per change, e.g. {@code changed define PR_SET_MM: 35 -> 36}. */
  public static List<String> diff(String snapshotPath, String before, String after) {
    boolean syscalls = snapshotPath.startsWith("syscalls/");
    Map<String, String> old = facts(before, syscalls);
    Map<String, String> now = facts(after, syscalls);
    List<String> changes = new ArrayList<>();
    for (Map.Entry<String, String> e : old.entrySet()) {
      String v = now.get(e.getKey());
      if (v == null) {
        changes.add("removed " + e.getKey() + show(e.getValue()));
      } else if (!v.equals(e.getValue())) {
        changes.add("changed " + e.getKey() + ":" + show(e.getValue()) + " ->" + show(v));
      }
    }
    for (Map.Entry<String, String> e : now.entrySet()) {
      if (!old.containsKey(e.getKey())) {
        changes.add("added " + e.getKey() + show(e.getValue()));
      }
    }
    return changes;
  }

  private static String show(String value) {
    return value.isEmpty() ? "" : " " + value;
  }

  /** Key (kind and name) to value, in file order. */
  static Map<String, String> facts(String text, boolean syscalls) {
    Map<String, String> m = new LinkedHashMap<>();
    if (text == null) {
      return m;
    }
    for (String line : text.split("\n")) {
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String[] c = line.split("\t", -1);
      if (syscalls) {
        m.put("syscall " + (c.length > 1 ? c[1] : ""), c[0]);
        continue;
      }
      switch (c[0]) {
        case "include" -> m.put("include " + c[1], "");
        // The value is the fact; the replacement text only when there is no value.
        case "define" -> m.put("define " + c[1], c[2].equals("?") ? "? " + (c.length > 3 ? c[3] : "") : c[2]);
        case "ioctlfn" -> m.put("ioctlfn " + c[1] + "(" + c[2] + ")", c[3]);
        case "enum" -> m.put("enum " + c[1] + " " + c[2], c[3]);
        case "struct", "union" -> m.put("sizeof(" + c[0] + " " + c[1] + ")", c[2]);
        case "errno" -> m.put("errno " + c[1], c[2] + (c.length > 3 ? " \"" + c[3] + "\"" : ""));
        case "id" -> { } // event ids are per boot and machine, not ABI
        case "field" -> m.put("field " + c[7], "offset " + c[1] + " size " + c[2] + " signed " + c[3]
            + (c[4].equals("0") ? "" : " array " + c[4]) + (c[5].equals("1") ? " data_loc" : "") + " type " + c[8]);
        case "print" -> m.put("print fmt", line.substring(6));
        default -> m.put(line, "");
      }
    }
    return m;
  }
}
