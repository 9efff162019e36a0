package dev.jtrace.tracer.filter;

import dev.jtrace.beauty.Arch;
import dev.jtrace.beauty.ArgKind;
import dev.jtrace.beauty.ArgSpec;
import dev.jtrace.beauty.SyscallSignature;
import dev.jtrace.beauty.TableNames;
import dev.jtrace.beauty.table.Table;
import dev.jtrace.beauty.table.Tables;
import dev.jtrace.tracer.filter.BoundFilter.Width;
import dev.jtrace.tracer.filter.FilterExpr.Name;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Binds a parsed filter to the selected syscalls' signatures. The rule for names (perf applies a
 * filter to every selected tracepoint and fails on one that lacks a field; jtrace is kinder to a
 * mixed selection): an argument name must belong to at least one selected syscall, else the filter
 * is refused at the name's position; in a syscall without that argument the test is false (so
 * {@code -e openat,close --filter 'filename ~ "/etc/*"'} shows no close). A value name ({@code
 * CLOEXEC}, {@code O_RDONLY}, {@code AT_FDCWD}) is looked up in the table of the argument's kind;
 * one found for no syscall is refused at its position.
 */
public final class FilterResolver {
  private final Arch arch;
  private final Set<Integer> argsSeen = new HashSet<>();
  private final Set<Integer> namesSeen = new HashSet<>();
  private final Map<Integer, String> namesMissing = new HashMap<>();

  private FilterResolver(Arch arch) {
    this.arch = arch;
  }

  /**
   * Binds the filter to each syscall (number to signature); a syscall with no signature gets {@link
   * BoundFilter#FALSE} for every test.
   */
  public static Map<Integer, BoundFilter> bind(
      FilterExpr expr, Map<Integer, SyscallSignature> syscalls, Arch arch) throws FilterException {
    FilterResolver r = new FilterResolver(arch);
    Map<Integer, BoundFilter> out = new HashMap<>();
    for (var e : syscalls.entrySet()) {
      out.put(e.getKey(), BoundFilter.simplify(r.bind(expr, e.getValue())));
    }
    r.check(expr, syscalls.size());
    return out;
  }

  /** Refuses a name no syscall had, at the first such position. */
  private void check(FilterExpr e, int syscalls) throws FilterException {
    switch (e) {
      case FilterExpr.And a -> {
        check(a.left(), syscalls);
        check(a.right(), syscalls);
      }
      case FilterExpr.Or o -> {
        check(o.left(), syscalls);
        check(o.right(), syscalls);
      }
      case FilterExpr.Not n -> check(n.operand(), syscalls);
      case FilterExpr.Compare c -> {
        checkArg(c.arg(), c.position(), syscalls);
        checkNames(c.mask());
        checkNames(c.value());
      }
      case FilterExpr.Glob g -> {
        checkArg(g.arg(), g.position(), syscalls);
        if (!namesSeen.contains(g.position())) {
          throw new FilterException(
              g.position(), g.arg() + " is not a string argument of the selected syscalls");
        }
      }
    }
  }

  private void checkArg(String arg, int position, int syscalls) throws FilterException {
    if (!argsSeen.contains(position)) {
      throw new FilterException(
          position,
          syscalls == 0
              ? "no syscall is selected to filter on " + arg
              : "no selected syscall has an argument named " + arg);
    }
  }

  private void checkNames(FilterExpr.Value v) throws FilterException {
    if (v == null) {
      return;
    }
    for (Name n : v.names()) {
      if (!namesSeen.contains(n.position()) && argsSeen.isEmpty()) {
        continue;
      }
      if (!namesSeen.contains(n.position())) {
        String why = namesMissing.getOrDefault(n.position(), "no table names its values");
        throw new FilterException(n.position(), "unknown value " + n.text() + ": " + why);
      }
    }
  }

  private BoundFilter bind(FilterExpr e, SyscallSignature sig) {
    return switch (e) {
      case FilterExpr.And a -> new BoundFilter.And(bind(a.left(), sig), bind(a.right(), sig));
      case FilterExpr.Or o -> new BoundFilter.Or(bind(o.left(), sig), bind(o.right(), sig));
      case FilterExpr.Not n -> new BoundFilter.Not(bind(n.operand(), sig));
      case FilterExpr.Compare c -> compare(c, sig);
      case FilterExpr.Glob g -> glob(g, sig);
    };
  }

  private BoundFilter compare(FilterExpr.Compare c, SyscallSignature sig) {
    int idx = sig == null ? -1 : sig.indexOf(c.arg());
    if (idx < 0) {
      return BoundFilter.FALSE;
    }
    argsSeen.add(c.position());
    ArgSpec arg = sig.args().get(idx);
    Width width = width(arg.type());
    OptionalLong mask = c.mask() == null ? OptionalLong.of(-1) : value(c.mask(), arg);
    OptionalLong value = value(c.value(), arg);
    if (mask.isEmpty() || value.isEmpty()) {
      return BoundFilter.FALSE;
    }
    return new BoundFilter.Compare(
        idx,
        width,
        normalize(mask.getAsLong(), width),
        c.op(),
        normalize(value.getAsLong(), width));
  }

  private BoundFilter glob(FilterExpr.Glob g, SyscallSignature sig) {
    int idx = sig == null ? -1 : sig.indexOf(g.arg());
    if (idx < 0) {
      return BoundFilter.FALSE;
    }
    argsSeen.add(g.position());
    ArgSpec arg = sig.args().get(idx);
    if (!arg.type().contains("*")
        || !(arg.kind() == ArgKind.FILENAME || arg.kind() == ArgKind.STRING)) {
      return BoundFilter.FALSE;
    }
    namesSeen.add(g.position()); // a string argument was found
    return new BoundFilter.Glob(idx, g.pattern(), g.negated());
  }

  /** The value, its names or'ed in, or empty when a name is unknown for this argument. */
  private OptionalLong value(FilterExpr.Value v, ArgSpec arg) {
    long n = v.number() == null ? 0 : v.number();
    boolean ok = true;
    for (Name name : v.names()) {
      OptionalLong x = named(name.text(), arg);
      if (x.isPresent()) {
        namesSeen.add(name.position());
        n |= x.getAsLong();
      } else {
        namesMissing.putIfAbsent(name.position(), "not a value of " + arg.name() + here(arg));
        ok = false;
      }
    }
    return ok ? OptionalLong.of(n) : OptionalLong.empty();
  }

  private static String here(ArgSpec arg) {
    String t = table(arg.kind());
    return t == null ? " (no table names its values)" : " (table " + t + ")";
  }

  private OptionalLong named(String name, ArgSpec arg) {
    switch (arg.kind()) {
      case DFD -> {
        if (name.equals("AT_FDCWD") || name.equals("CWD")) {
          return OptionalLong.of(-100);
        }
      }
      case ACCESS_MODE -> {
        String bare = name.endsWith("_OK") ? name.substring(0, name.length() - 3) : name;
        return switch (bare) {
          case "F" -> OptionalLong.of(0);
          case "X" -> OptionalLong.of(1);
          case "W" -> OptionalLong.of(2);
          case "R" -> OptionalLong.of(4);
          default -> OptionalLong.empty();
        };
      }
      default -> {}
    }
    String table = table(arg.kind());
    if (table == null) {
      return OptionalLong.empty();
    }
    OptionalLong v = lookup(table, name);
    if (v.isEmpty() && arg.kind() == ArgKind.MMAP_FLAGS) {
      v = lookup(TableNames.MMAP_TYPES, name);
    }
    return v;
  }

  private OptionalLong lookup(String tableName, String name) {
    Table t = Tables.get(tableName, arch);
    return t == null ? OptionalLong.empty() : t.value(name);
  }

  /** The table that names a kind's values, or null. */
  static String table(ArgKind kind) {
    if (kind.table() != null) {
      return kind.table();
    }
    return switch (kind) {
      case OPEN_FLAGS, DUP3_FLAGS -> TableNames.OPEN_FLAGS;
      case MMAP_PROT -> TableNames.MMAP_PROT;
      case MMAP_FLAGS -> TableNames.MMAP_FLAGS;
      case FUTEX_OP -> "futex_ops";
      case CLONE_FLAGS -> "clone_flags";
      case SOCKET_TYPE -> "socket_types";
      case SIGNAL -> "signals";
      case SCHED_POLICY -> "sched_policies";
      case MODE, OPEN_MODE -> "file_mode_bits";
      default -> null;
    };
  }

  /** A C type's width and signedness in a register (pointers and longs 64 bits, else 32). */
  static Width width(String type) {
    String t = type.replace("const ", "").strip();
    if (t.contains("*")) {
      return Width.U64;
    }
    return switch (t) {
      case "long", "loff_t", "off_t", "__s64", "ssize_t", "key_t" -> Width.S64;
      case "unsigned long",
          "size_t",
          "__u64",
          "u64",
          "aio_context_t",
          "cap_user_data_t",
          "cap_user_header_t",
          "timer_t" ->
          Width.U64;
      case "int", "pid_t", "clockid_t", "key_serial_t", "mqd_t", "__s32", "rwf_t" -> Width.S32;
      default -> t.contains("long") ? Width.U64 : Width.U32;
    };
  }

  /** A value as the argument's width reads it: the low 32 bits, sign- or zero-extended. */
  static long normalize(long v, Width w) {
    return switch (w) {
      case S32 -> (int) v;
      case U32 -> v & 0xffffffffL;
      default -> v;
    };
  }

  /** The syscalls' signatures by number, for {@link #bind}; those without one are left out. */
  public static Map<Integer, SyscallSignature> signatures(
      List<Integer> numbers, java.util.function.IntFunction<SyscallSignature> signature) {
    Map<Integer, SyscallSignature> out = new HashMap<>();
    for (int nr : numbers) {
      SyscallSignature s = signature.apply(nr);
      if (s != null) {
        out.put(nr, s);
      }
    }
    return out;
  }
}
