package dev.jtrace.perfdata.tracing;

/**
 * The payload of a syscall tracepoint, decoded by its format: {@code raw_syscalls:sys_enter} (id,
 * args[6]), {@code raw_syscalls:sys_exit} (id, ret), {@code syscalls:sys_enter_NAME} (__syscall_nr,
 * then one field per argument, and since 6.19 the kernel's copies of some arguments' user memory:
 * {@link SyscallFields}) and {@code syscalls:sys_exit_NAME} (__syscall_nr, ret).
 *
 * @param args six argument registers (zero past {@code argCount}); empty for a return
 * @param argCount how many arguments the format has
 * @param strings per argument, the string the kernel copied into the event (a byte string, without
 *     its NUL), or null entries; null when the event has no copies
 */
public record SyscallPayload(
    boolean enter, int nr, long[] args, int argCount, long ret, String[] strings) {
  private static final long[] NO_ARGS = {};

  public SyscallPayload(boolean enter, int nr, long[] args, int argCount, long ret) {
    this(enter, nr, args, argCount, ret, null);
  }

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
    String[] strings = f.copies().hasCopies() ? copies(p, f.copies(), fields.length) : null;
    return new SyscallPayload(true, nr, a, fields.length, 0, strings);
  }

  /** The strings a kernel since 6.19 copied into a syscalls:* entry, or null. */
  private static String[] copies(RawPayload p, SyscallFields fields, int n) {
    String[] strings = null;
    for (int i = 0; i < n; i++) {
      FieldFormat copy = fields.copy(i);
      // A copy of length 0 is memory the kernel could not read (an empty string has its NUL).
      if (copy != null && p.read(copy.offset(), 4, false) >>> 16 != 0) {
        strings = strings == null ? new String[6] : strings;
        strings[i] = p.string(copy);
      }
    }
    return strings;
  }

  /** Whether the sample's payload is too short for its syscall format (a damaged sample). */
  public static boolean truncated(RawPayload p) {
    SyscallFormat f = p.format().syscall();
    return f != null && f.problem() == null && p.data().length < f.end();
  }
}
