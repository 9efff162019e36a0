package dev.jtrace.checkheaders;

import static dev.jtrace.abi.snapshot.SnapshotWriter.clean;

import dev.jtrace.abi.model.ArchLayouts;
import dev.jtrace.abi.model.Define;
import dev.jtrace.abi.model.EnumConstant;
import dev.jtrace.abi.model.ErrnoFact;
import dev.jtrace.abi.model.EventFormat;
import dev.jtrace.abi.model.FormatField;
import dev.jtrace.abi.model.HeaderFacts;
import dev.jtrace.abi.model.IoctlMacro;
import dev.jtrace.abi.model.StructLayoutFact;
import dev.jtrace.abi.model.StructMember;
import dev.jtrace.abi.model.StructSize;
import dev.jtrace.abi.model.SyscallEntry;
import dev.jtrace.abi.model.SyscallTableFacts;
import dev.jtrace.abi.snapshot.SnapshotWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Compares two versions of one source's facts, fact by fact: each fact is keyed by what it is about
 * (a macro name, an enumerator, a struct, a syscall, a field), so a reordering, a comment or a
 * changed replacement text with the same value is no change. A missing version (null) has no facts:
 * everything is added or removed.
 */
public final class FactDiff {
  private FactDiff() {}

  /** One line per change, e.g. {@code changed define PR_SET_MM: 35 -> 36}. */
  public static List<String> headers(HeaderFacts before, HeaderFacts after) {
    return diff(facts(before), facts(after));
  }

  public static List<String> syscalls(SyscallTableFacts before, SyscallTableFacts after) {
    return diff(facts(before), facts(after));
  }

  /** Event ids are per boot and machine, not ABI: they are not compared. */
  public static List<String> formats(EventFormat before, EventFormat after) {
    return diff(facts(before), facts(after));
  }

  /**
   * Struct layouts: a struct's size and alignment, and each member's offset, size and type, e.g.
   * {@code changed member struct stat.st_size: offset 48 size 8 type s8 -> offset 48 size 8 type
   * u8}; the declaring file is no ABI.
   */
  public static List<String> layouts(ArchLayouts before, ArchLayouts after) {
    return diff(facts(before), facts(after));
  }

  private static List<String> diff(Map<String, String> old, Map<String, String> now) {
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

  /** Key (kind and name) to value, in the facts' order. */
  private static Map<String, String> facts(HeaderFacts h) {
    Map<String, String> m = new LinkedHashMap<>();
    if (h == null) {
      return m;
    }
    for (String include : h.includes()) {
      m.put("include " + include, "");
    }
    for (Define d : h.defines()) {
      // The value is the fact; the replacement text only when there is no value.
      m.put(
          "define " + d.name(),
          d.value().isPresent()
              ? Long.toString(d.value().getAsLong())
              : "? " + clean(d.expression()));
    }
    for (IoctlMacro i : h.ioctlMacros()) {
      m.put(
          "ioctlfn " + i.name() + "(" + String.join(",", i.params()) + ")",
          Long.toString(i.value()));
    }
    for (EnumConstant e : h.enums()) {
      m.put("enum " + e.enumTag() + " " + e.name(), Long.toString(e.value()));
    }
    for (StructSize s : h.structs()) {
      m.put("sizeof(" + s.kind() + " " + s.name() + ")", Long.toString(s.size()));
    }
    for (ErrnoFact e : h.errnos()) {
      String description = clean(e.description());
      m.put(
          "errno " + e.name(),
          e.value() + (description.isEmpty() ? "" : " \"" + description + "\""));
    }
    return m;
  }

  private static Map<String, String> facts(ArchLayouts a) {
    Map<String, String> m = new LinkedHashMap<>();
    if (a == null) {
      return m;
    }
    m.put("data model", a.dataModel());
    for (StructLayoutFact s : a.structs()) {
      m.put(s.key(), "size " + s.size() + " align " + s.align());
      for (StructMember x : s.members()) {
        m.put(
            "member " + s.key() + "." + x.name(),
            "offset " + x.offset() + " size " + x.size() + " type " + x.type());
      }
    }
    return m;
  }

  private static Map<String, String> facts(SyscallTableFacts t) {
    Map<String, String> m = new LinkedHashMap<>();
    if (t != null) {
      for (SyscallEntry e : t.entries()) {
        m.put("syscall " + e.name(), Integer.toString(e.number()));
      }
    }
    return m;
  }

  private static Map<String, String> facts(EventFormat f) {
    Map<String, String> m = new LinkedHashMap<>();
    if (f == null) {
      return m;
    }
    for (FormatField x : f.fields()) {
      m.put(
          "field " + x.name(),
          "offset "
              + x.offset()
              + " size "
              + x.size()
              + " signed "
              + (x.signed() ? 1 : 0)
              + (x.arrayLength() == 0 ? "" : " array " + x.arrayLength())
              + (x.dataLoc() ? " data_loc" : "")
              + " type "
              + clean(x.type()));
    }
    m.put("print fmt", SnapshotWriter.printColumn(f));
    return m;
  }
}
