package dev.jtrace.perfdata.tracing;

import java.util.List;

/**
 * The payload of a syscall tracepoint, decoded by its format: {@code raw_syscalls:sys_enter} (id,
 * args[6]), {@code raw_syscalls:sys_exit} (id, ret), {@code syscalls:sys_enter_NAME} (__syscall_nr,
 * then one field per argument) and {@code syscalls:sys_exit_NAME} (__syscall_nr, ret).
 *
 * @param args six argument registers (zero past {@code argCount}); empty for a return
 * @param argCount how many arguments the format has
 */
public record SyscallPayload(boolean enter, int nr, long[] args, int argCount, long ret) {
  private static final long[] NO_ARGS = {};

  /** Decodes p, or returns null when its event is no syscall tracepoint. */
  public static SyscallPayload decode(RawPayload p) {
    TracepointFormat f = p.format();
    if (f.system().equals("raw_syscalls")) {
      int nr = (int) p.number("id");
      if (f.name().equals("sys_enter")) {
        FieldFormat field = f.field("args");
        long[] a = new long[6];
        int n = field == null ? 0 : Math.max(0, Math.min(6, field.arrayLength()));
        for (int i = 0; i < n; i++) a[i] = p.number(field, i);
        return new SyscallPayload(true, nr, a, n, 0);
      }
      if (f.name().equals("sys_exit"))
        return new SyscallPayload(false, nr, NO_ARGS, 0, p.number("ret"));
      return null;
    }
    if (!f.system().equals("syscalls")) return null;
    int nr = (int) p.number("__syscall_nr");
    if (f.name().startsWith("sys_enter_")) {
      List<FieldFormat> own = f.eventFields(); // __syscall_nr, then the arguments
      long[] a = new long[6];
      int n = Math.max(0, Math.min(6, own.size() - 1));
      for (int i = 0; i < n; i++) a[i] = p.number(own.get(i + 1), 0);
      return new SyscallPayload(true, nr, a, n, 0);
    }
    if (f.name().startsWith("sys_exit_"))
      return new SyscallPayload(false, nr, NO_ARGS, 0, p.number("ret"));
    return null;
  }
}
