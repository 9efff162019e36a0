package dev.jtrace.perfdata.tracing;

/**
 * The payload of a syscall tracepoint, decoded by its format's {@link SyscallFormat}: {@code
 * raw_syscalls:sys_enter} (id, args[6]), {@code raw_syscalls:sys_exit} (id, ret), {@code
 * syscalls:sys_enter_NAME} (__syscall_nr, then one field per argument) and {@code
 * syscalls:sys_exit_NAME} (__syscall_nr, ret).
 *
 * @param args six argument registers (zero past {@code argCount}); empty for a return
 * @param argCount how many arguments the format has
 */
public record SyscallPayload(boolean enter, int nr, long[] args, int argCount, long ret) {
  private static final long[] NO_ARGS = {};

  /**
   * Decodes p, or returns null when its event is no syscall tracepoint, its format cannot be
   * decoded ({@link SyscallFormat#problem}) or the payload is too short for the format's fields.
   */
  public static SyscallPayload decode(RawPayload p) {
    SyscallFormat f = p.format().syscall();
    if (f == null || f.problem() != null || p.data().length < f.end()) return null;
    int nr = (int) p.number(f.nr(), 0);
    if (!f.enter()) return new SyscallPayload(false, nr, NO_ARGS, 0, p.number(f.ret(), 0));
    long[] a = new long[6];
    FieldFormat[] fields = f.args();
    // raw_syscalls repeats its one args[] array: element i is argument i; syscalls:* has a field
    // each
    boolean array = fields.length > 0 && fields[0].isArray();
    for (int i = 0; i < fields.length; i++) a[i] = p.number(fields[i], array ? i : 0);
    return new SyscallPayload(true, nr, a, fields.length, 0);
  }

  /** Whether the sample's payload is too short for its syscall format (a damaged sample). */
  public static boolean truncated(RawPayload p) {
    SyscallFormat f = p.format().syscall();
    return f != null && f.problem() == null && p.data().length < f.end();
  }
}
