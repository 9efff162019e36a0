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

  /** The fields of the last entry format decoded: consecutive samples mostly share one. */
  private static volatile FieldsOf last;

  private record FieldsOf(TracepointFormat format, SyscallFields fields) {}

  public SyscallPayload(boolean enter, int nr, long[] args, int argCount, long ret) {
    this(enter, nr, args, argCount, ret, null);
  }

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
      SyscallFields fields = fields(f); // after __syscall_nr: the arguments, the copies
      long[] a = new long[6];
      int n = Math.min(6, fields.argCount());
      for (int i = 0; i < n; i++) a[i] = p.number(fields.args().get(i), 0);
      String[] strings = null;
      for (int i = 0; fields.hasCopies() && i < n; i++) {
        FieldFormat copy = fields.copy(i);
        // A copy of length 0 is memory the kernel could not read (an empty string has its NUL).
        if (copy != null && p.read(copy.offset(), 4, false) >>> 16 != 0) {
          strings = strings == null ? new String[6] : strings;
          strings[i] = p.string(copy);
        }
      }
      return new SyscallPayload(true, nr, a, n, 0, strings);
    }
    if (f.name().startsWith("sys_exit_"))
      return new SyscallPayload(false, nr, NO_ARGS, 0, p.number("ret"));
    return null;
  }

  private static SyscallFields fields(TracepointFormat f) {
    FieldsOf cached = last;
    if (cached == null || cached.format() != f) {
      cached = new FieldsOf(f, SyscallFields.of(f));
      last = cached;
    }
    return cached.fields();
  }
}
