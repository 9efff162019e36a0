package dev.jtrace.perfdata.tracing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Where a syscall tracepoint's payload holds the syscall number, the arguments and the return
 * value, worked out once per format: {@code raw_syscalls:sys_enter} (id, args[6]), {@code
 * raw_syscalls:sys_exit} (id, ret), {@code syscalls:sys_enter_NAME} (__syscall_nr, one field per
 * argument; a 6.19 kernel's copies of user memory, {@link SyscallFields}, are no arguments) and
 * {@code syscalls:sys_exit_NAME} (__syscall_nr, ret).
 *
 * <p>A syscall format that cannot be decoded (a damaged file: the number field missing, renamed, of
 * an impossible size, or overlapping another field) carries a {@link #problem}: its samples are not
 * decoded as syscalls, where reading a missing field as 0 would show every call as syscall 0.
 *
 * @param enter an entry (arguments) rather than a return
 * @param nr the syscall number field
 * @param args the argument fields, one per argument; for raw_syscalls the one {@code args[]} array,
 *     repeated (element i is argument i)
 * @param ret the return value field (exits)
 * @param end the payload size the fields need: a shorter payload is not decoded
 * @param problem why the format cannot be decoded, or null
 * @param copies a syscalls:* entry's copies of user memory by argument ({@link SyscallFields#copy})
 */
public record SyscallFormat(
    boolean enter,
    FieldFormat nr,
    FieldFormat[] args,
    FieldFormat ret,
    int end,
    String problem,
    SyscallFields copies) {
  private static final SyscallFields NO_COPIES = new SyscallFields(List.of(), new FieldFormat[0]);

  private static final FieldFormat[] NONE = {};

  /** The syscall layout of a format, or null when the event is no syscall tracepoint. */
  static SyscallFormat of(String system, String name, List<FieldFormat> fields) {
    boolean raw = system.equals("raw_syscalls");
    boolean enter;
    if (raw && name.equals("sys_enter")) {
      enter = true;
    } else if (raw && name.equals("sys_exit")) {
      enter = false;
    } else if (system.equals("syscalls") && name.startsWith("sys_enter_")) {
      enter = true;
    } else if (system.equals("syscalls") && name.startsWith("sys_exit_")) {
      enter = false;
    } else {
      return null;
    }
    String nrName = raw ? "id" : "__syscall_nr";
    List<FieldFormat> own = new ArrayList<>();
    for (FieldFormat f : fields) if (!f.common()) own.add(f);
    FieldFormat nr = field(own, nrName);
    if (nr == null) return broken(enter, "no '" + nrName + "' field (the syscall number)");
    String bad = scalar(nr);
    if (bad != null) return broken(enter, "its '" + nrName + "' field " + bad);
    FieldFormat ret = null;
    FieldFormat[] args = NONE;
    if (!enter) {
      ret = field(own, "ret");
      if (ret == null) return broken(false, "no 'ret' field (the return value)");
      bad = scalar(ret);
      if (bad != null) return broken(false, "its 'ret' field " + bad);
    } else if (raw) {
      FieldFormat a = field(own, "args");
      if (a == null) return broken(true, "no 'args' field (the arguments)");
      int n = Math.min(6, a.arrayLength());
      int elem = a.elementSize();
      if (n <= 0 || a.dataLoc() || (elem != 4 && elem != 8)) {
        return broken(true, "its 'args' field is no array of 4- or 8-byte values");
      }
      args = new FieldFormat[n];
      Arrays.fill(args, a);
    } else {
      // __syscall_nr first, then one field per argument (at most six)
      List<FieldFormat> list = new ArrayList<>();
      for (FieldFormat f : own) {
        if (f == nr || SyscallFields.isCopy(f) || list.size() == 6) continue;
        bad = scalar(f);
        if (bad != null) return broken(true, "its argument field '" + f.name() + "' " + bad);
        list.add(f);
      }
      args = list.toArray(NONE);
    }
    String overlap = overlap(fields);
    if (overlap != null) return broken(enter, overlap);
    int end = 0;
    for (FieldFormat f : fields) end = Math.max(end, f.offset() + f.size());
    SyscallFields copies = !raw && enter ? SyscallFields.of(own) : NO_COPIES;
    return new SyscallFormat(
        enter, nr, args, ret, end, null, copies.hasCopies() ? copies : NO_COPIES);
  }

  /** Why f cannot hold a number, or null. */
  private static String scalar(FieldFormat f) {
    if (f.dataLoc() || f.isArray()) return "is an array, not a number";
    int s = f.size();
    if (s != 1 && s != 2 && s != 4 && s != 8) return "is " + s + " bytes (expected 1, 2, 4 or 8)";
    return null;
  }

  /** Two fields that share bytes (a damaged offset or size), or null. */
  private static String overlap(List<FieldFormat> fields) {
    for (int i = 0; i < fields.size(); i++) {
      FieldFormat a = fields.get(i);
      for (int k = i + 1; k < fields.size(); k++) {
        FieldFormat b = fields.get(k);
        if (a.offset() < b.offset() + b.size() && b.offset() < a.offset() + a.size()) {
          return "its fields '" + a.name() + "' and '" + b.name() + "' overlap";
        }
      }
    }
    return null;
  }

  private static FieldFormat field(List<FieldFormat> fields, String name) {
    for (FieldFormat f : fields) if (f.name().equals(name)) return f;
    return null;
  }

  private static SyscallFormat broken(boolean enter, String problem) {
    return new SyscallFormat(enter, null, NONE, null, 0, problem, NO_COPIES);
  }
}
