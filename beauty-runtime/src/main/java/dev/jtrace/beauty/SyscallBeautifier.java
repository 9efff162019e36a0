package dev.jtrace.beauty;

import dev.jtrace.beauty.content.JsonSink;
import dev.jtrace.beauty.gen.SyscallSignatures;
import dev.jtrace.beauty.table.Entry;
import dev.jtrace.beauty.table.SyscallTable;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntPredicate;
import java.util.stream.IntStream;

/**
 * Renders syscalls of one arch: names, arguments and return values. Thread-safe and immutable; get
 * one per arch with {@link #forArch} and keep it.
 */
public final class SyscallBeautifier {
  private static final Map<Arch, SyscallBeautifier> CACHE = new ConcurrentHashMap<>();

  /**
   * Every signature, by the name of its tracefs format; each arch's names map onto them at build
   * time.
   */
  private static final Map<String, SyscallSignature> SIGNATURES =
      Map.copyOf(SyscallSignatures.all());

  private static final int MAX_ERRNO = 4095;

  private final Arch arch;
  private final ArchTables tables;
  private final ArgRenderer renderer;

  /** Names and signatures indexed by syscall number on this arch, resolved once. */
  private final String[] names;

  private final SyscallSignature[] byNumber;

  /**
   * The calls whose signature says they never return ({@link ReturnKind#NONE}: exit, exit_group).
   */
  private final BitSet noReturn = new BitSet();

  /** Descriptions by errno, filled on first use (a racing fill writes the same text). */
  private final String[] descriptions = new String[MAX_ERRNO + 1];

  private SyscallBeautifier(Arch arch) {
    this.arch = arch;
    this.tables = new ArchTables(arch);
    this.renderer = new ArgRenderer(arch, tables);
    SyscallTable syscalls = tables.syscalls();
    List<Entry> entries = syscalls == null ? List.of() : syscalls.entries();
    int size = entries.isEmpty() ? 0 : (int) entries.get(entries.size() - 1).value() + 1;
    this.names = new String[size];
    this.byNumber = new SyscallSignature[size];
    Map<String, String> formatNames = SyscallSignatures.formatNames(arch.id());
    for (Entry e : entries) {
      names[(int) e.value()] = e.name();
      byNumber[(int) e.value()] = signature(e.name(), formatNames.getOrDefault(e.name(), e.name()));
      if (returnKind((int) e.value()) == ReturnKind.NONE) {
        noReturn.set((int) e.value());
      }
    }
  }

  /** The beautifier for an arch's numbering, built from the generated tables. */
  public static SyscallBeautifier forArch(Arch arch) {
    return CACHE.computeIfAbsent(arch, SyscallBeautifier::new);
  }

  /**
   * The signature of a syscall whose format has that name (the generator paired the two), renamed
   * to it.
   */
  private static SyscallSignature signature(String syscall, String format) {
    SyscallSignature sig = SIGNATURES.get(format);
    return sig == null || sig.name().equals(syscall)
        ? sig
        : new SyscallSignature(syscall, sig.returnKind(), sig.args());
  }

  public Arch arch() {
    return arch;
  }

  /** The syscall's name, or {@code syscall_<nr>} when the arch's table has no such number. */
  public String name(int nr) {
    return nr >= 0 && nr < names.length && names[nr] != null ? names[nr] : "syscall_" + nr;
  }

  /** The syscall's number on this arch, or -1. */
  public int number(String name) {
    SyscallTable syscalls = tables.syscalls();
    return syscalls == null ? -1 : syscalls.number(name);
  }

  /** Every syscall number this arch's table knows, ascending. */
  public int[] numbers() {
    return IntStream.range(0, names.length).filter(nr -> names[nr] != null).toArray();
  }

  /** The syscall's signature, or null when the snapshot has no format for it. */
  public SyscallSignature signature(int nr) {
    return nr >= 0 && nr < byNumber.length ? byNumber[nr] : null;
  }

  /**
   * The visible arguments, rendered, in order (zero-valued and irrelevant ones hidden as perf
   * does).
   */
  public List<FormattedArg> formatArgs(
      int pid, int nr, long[] args, CapturedMemory memory, BeautyContext context) {
    SyscallSignature sig = signature(nr);
    if (sig != null) {
      return renderer.render(sig, pid, args, memory, context);
    }
    List<FormattedArg> out = new ArrayList<>(6);
    for (int i = 0; i < args.length; i++) {
      if (args[i] != 0) {
        out.add(new FormattedArg("arg" + i, args[i], ArgRenderer.hex(args[i])));
      }
    }
    return out;
  }

  /** Appends {@code name: value, …} for the visible arguments. */
  public void appendArgs(
      StringBuilder out,
      int pid,
      int nr,
      long[] args,
      CapturedMemory memory,
      BeautyContext context) {
    SyscallSignature sig = signature(nr);
    if (sig != null) {
      renderer.append(out, sig, pid, args, memory, context);
      return;
    }
    String sep = "";
    for (FormattedArg a : formatArgs(pid, nr, args, memory, context)) {
      out.append(sep).append(a.name()).append(": ").append(a.text());
      sep = ", ";
    }
  }

  /**
   * Appends what strace shows after a positive return value: the exit copy of an argument also
   * copied at entry ({@code ([{fd=3, revents=POLLIN}])} after poll's count); nothing when none.
   */
  public void appendAfterReturn(
      StringBuilder out, int pid, long[] args, CapturedMemory memory, BeautyContext c) {
    ArgContents.appendAfterReturn(out, args, pid, memory, c);
  }

  /**
   * Writes the copy of argument {@code argName} as one JSON value (objects for structs, arrays for
   * arrays, numbers as numbers): the copy shown in place, or with {@code afterReturn} the exit copy
   * of an argument copied at entry too. False, with nothing written, when there is none.
   */
  public boolean writeContent(
      JsonSink sink,
      int pid,
      int nr,
      String argName,
      long[] args,
      CapturedMemory memory,
      BeautyContext context,
      boolean afterReturn) {
    SyscallSignature sig = signature(nr);
    int i = sig == null ? -1 : sig.indexOf(argName);
    return i >= 0
        && i < args.length
        && ArgContents.writeJson(sink, i, args[i], pid, memory, context, afterReturn);
  }

  public ReturnKind returnKind(int nr) {
    SyscallSignature sig = signature(nr);
    return sig == null ? ReturnKind.ERRNO : sig.returnKind();
  }

  /** The syscalls that never return to the caller (their signature's {@link ReturnKind#NONE}). */
  public IntPredicate noReturn() {
    return nr -> nr >= 0 && noReturn.get(nr);
  }

  /**
   * True when {@code ret} is in the kernel's errno range ({@code -4095..-1}, {@code MAX_ERRNO}):
   * the raw return of a failed call. A call that does not return has no error whatever its slot
   * holds.
   */
  public static boolean isErrorReturn(long ret) {
    return ret < 0 && ret >= -MAX_ERRNO;
  }

  /**
   * Appends the rendered return value, e.g. {@code 3</etc/passwd>} or {@code -1 ENOENT (No such
   * file or directory)}.
   */
  public void appendReturn(
      StringBuilder out, int pid, int nr, long ret, long[] args, BeautyContext context) {
    ReturnKind kind = returnKind(nr);
    if (kind == ReturnKind.NONE) {
      out.append('?');
      return;
    }
    if (isErrorReturn(ret)) {
      int errno = (int) -ret;
      String name = errnoName(errno);
      out.append("-1 ").append(name != null ? name : "E" + errno);
      String description = errnoDescription(errno);
      if (description != null) {
        out.append(" (").append(description).append(')');
      }
      return;
    }
    switch (kind) {
      case HEX -> out.append(ArgRenderer.hex(ret));
      case PID -> out.append(ArgRenderer.pid((int) ret, context));
      case FD -> out.append(ArgRenderer.fd(pid, (int) ret, context));
      case TIMEOUT -> out.append(ret == 0 ? "0 (Timeout)" : Long.toString(ret));
      case SIGNAL -> out.append(ret).append(" (").append(signalName((int) ret)).append(')');
      case FCNTL -> {
        SyscallSignature sig = signature(nr);
        int cmdIdx = sig.indexOf("cmd");
        out.append(
            cmdIdx >= 0 && args != null // null: a return whose entry was not seen
                ? renderer.fcntlReturn(args[cmdIdx], ret, pid, context)
                : Long.toString(ret));
      }
      default -> out.append(ret);
    }
  }

  /** The signal's name on this arch ({@code SIGUSR1}), or its number when the arch has none. */
  public String signalName(int sig) {
    String name = tables.name(TableNames.SIGNALS, sig);
    return name != null ? "SIG" + name : Integer.toString(sig);
  }

  /** The errno's symbolic name on this arch (e.g. {@code ENOENT}), or null. */
  public String errnoName(int errno) {
    return tables.errnoName(errno);
  }

  /**
   * The errno's description as the host's C library words it ({@code Bad file descriptor}, what
   * strace and perf print), found by the errno's name; the kernel header's comment when libc cannot
   * be asked; or null.
   */
  public String errnoDescription(int errno) {
    if (errno <= 0 || errno > MAX_ERRNO) {
      return null;
    }
    String cached = descriptions[errno];
    if (cached == null) {
      String name = errnoName(errno);
      String text = name == null ? null : HostErrnoTexts.text(name);
      String header = text != null ? text : tables.errnoDescription(errno);
      cached = header != null ? header : "";
      descriptions[errno] = cached;
    }
    return cached.isEmpty() ? null : cached;
  }
}
