package dev.jtrace.perfdata.tracing;

import java.util.ArrayList;
import java.util.List;

/**
 * The own fields of a syscall entry tracepoint ({@code syscalls:sys_enter_NAME}): after {@code
 * __syscall_nr}, one 8-byte field per argument, and on kernels since 6.19 the user memory the
 * kernel copied itself for some of them: a {@code __data_loc char[] __ARG_val} field per copied
 * argument {@code ARG} (its u32 says where in the record the bytes are and how many, the NUL
 * included; the tracefs file {@code syscall_user_buf_size} bounds how many are copied).
 *
 * @param args the argument fields in order (at most 6 are read)
 * @param copies per argument index (0–5), the field holding the kernel's copy of its memory, or
 *     null; empty when the kernel copies nothing
 */
public record SyscallFields(List<FieldFormat> args, FieldFormat[] copies) {
  private static final FieldFormat[] NONE = {};

  /** The fields of an entry format: every non-common field but {@code __syscall_nr}. */
  public static SyscallFields of(TracepointFormat format) {
    return of(format.eventFields());
  }

  /** The same from the format's own (non-common) fields. */
  static SyscallFields of(List<FieldFormat> own) {
    List<FieldFormat> args = new ArrayList<>(own.size());
    List<String> names = new ArrayList<>(own.size());
    for (FieldFormat f : own) {
      if (!f.name().equals("__syscall_nr") && !isCopy(f)) {
        args.add(f);
        names.add(f.name());
      }
    }
    FieldFormat[] copies = NONE;
    for (FieldFormat f : own) {
      if (!isCopy(f)) {
        continue;
      }
      int index = names.indexOf(f.name().substring(2, f.name().length() - 4));
      if (index >= 0 && index < 6) {
        copies = copies.length == 0 ? new FieldFormat[6] : copies;
        copies[index] = f;
      }
    }
    return new SyscallFields(List.copyOf(args), copies);
  }

  /** {@code __data_loc char[] __NAME_val}: the kernel's copy of argument NAME's memory. */
  static boolean isCopy(FieldFormat f) {
    String n = f.name();
    return f.dataLoc() && n.length() > 6 && n.startsWith("__") && n.endsWith("_val");
  }

  /** How many argument fields the format has. */
  public int argCount() {
    return args.size();
  }

  /** Whether the kernel copies any argument's memory into this event. */
  public boolean hasCopies() {
    return copies.length > 0;
  }

  /** The field holding the copy of argument i's memory, or null. */
  public FieldFormat copy(int i) {
    return i >= 0 && i < copies.length ? copies[i] : null;
  }
}
