package dev.jtrace.beauty;

import java.util.ArrayList;
import java.util.List;

/**
 * Renders the arguments of one syscall by their {@link ArgKind}: hides what perf trace hides (zero
 * values without a name, arguments the call ignores for these flags or this command) and turns
 * numbers into names through the generated tables. The calls whose arguments depend on a command
 * word have their own classes: {@link FutexArgs}, {@link FcntlArgs}, {@link KcmpArgs}, {@link
 * PrctlArgs}.
 */
final class ArgRenderer {
  private static final long AT_FDCWD = -100;
  private static final long CSIGNAL = 0xff;

  /**
   * The mapping-type field of mmap's flags (0x0f on every arch jtrace knows; only parisc has 0x03).
   */
  private static final long MAP_TYPE = 0x0f;

  private final ArchTables tables;
  private final IoctlCommands ioctls;
  private final PrctlArgs prctl;
  private final FutexArgs futex;
  private final FcntlArgs fcntl;
  private final KcmpArgs kcmp;
  private final long oCreat;
  private final long oTmpfile;
  private final long mapAnonymous;
  private final long sockCloexec;
  private final long sockNonblock;

  ArgRenderer(Arch arch, ArchTables tables) {
    this.tables = tables;
    this.ioctls = new IoctlCommands(arch);
    this.prctl = new PrctlArgs(this, tables);
    this.futex = new FutexArgs(this);
    this.fcntl = new FcntlArgs(this, tables);
    this.kcmp = new KcmpArgs(tables);
    this.oCreat = tables.value(TableNames.OPEN_FLAGS, "CREAT").orElse(0100);
    this.oTmpfile = tables.value(TableNames.OPEN_FLAGS, "TMPFILE").orElse(020000000);
    this.mapAnonymous =
        tables.value(TableNames.MMAP_FLAGS, "ANONYMOUS").orElse(arch == Arch.MIPS64 ? 0x800 : 0x20);
    // SOCK_CLOEXEC and SOCK_NONBLOCK are O_CLOEXEC and O_NONBLOCK.
    this.sockCloexec = tables.value(TableNames.OPEN_FLAGS, "CLOEXEC").orElse(02000000);
    this.sockNonblock = tables.value(TableNames.OPEN_FLAGS, "NONBLOCK").orElse(04000);
  }

  /** Renders the visible arguments of a call. */
  List<FormattedArg> render(
      SyscallSignature sig, int pid, long[] args, CapturedMemory memory, BeautyContext context) {
    List<ArgSpec> specs = sig.args();
    List<FormattedArg> out = new ArrayList<>(specs.size());
    for (int i = 0; i < specs.size() && i < args.length; i++) {
      ArgSpec spec = specs.get(i);
      String text = render(sig, spec, i, pid, args, memory, context);
      if (text != null) {
        out.add(new FormattedArg(spec.name(), args[i], text));
      }
    }
    return out;
  }

  /**
   * Appends {@code name: value, …} for the visible arguments: the text path, straight into the line
   * without a list of {@link FormattedArg}s per call.
   */
  void append(
      StringBuilder out,
      SyscallSignature sig,
      int pid,
      long[] args,
      CapturedMemory memory,
      BeautyContext context) {
    List<ArgSpec> specs = sig.args();
    boolean first = true;
    for (int i = 0; i < specs.size() && i < args.length; i++) {
      ArgSpec spec = specs.get(i);
      String text = render(sig, spec, i, pid, args, memory, context);
      if (text != null) {
        if (!first) {
          out.append(", ");
        }
        out.append(spec.name()).append(": ").append(text);
        first = false;
      }
    }
  }

  /** The text of argument {@code i}, or null when it is hidden. */
  private String render(
      SyscallSignature sig,
      ArgSpec spec,
      int i,
      int pid,
      long[] args,
      CapturedMemory memory,
      BeautyContext context) {
    long v = args[i];
    ArgKind kind = spec.kind();
    String content = ArgContents.text(i, v, pid, memory, context);
    if (content != null) {
      return content;
    }
    switch (kind) {
      case FD:
        return fd(pid, (int) v, context);
      case DFD:
        return (int) v == AT_FDCWD ? "CWD" : fd(pid, (int) v, context);
      case FILENAME, STRING:
        {
          String s = memory.string(i);
          if (s != null) {
            return memory.cut(i) ? quote(s) + "..." : quote(s);
          }
          if (memory.lost(i)) {
            return pointer(v) + " (string lost)";
          }
          if (memory.faulted(i) && v != 0) {
            return pointer(v) + " (EFAULT)";
          }
          return v == 0 ? null : pointer(v);
        }
      case PTR:
        {
          // a plain buffer the capture copied (read's, write's) prints as a byte string
          String s = memory.string(i);
          if (s != null) {
            return memory.cut(i) ? quote(s) + "..." : quote(s);
          }
          break;
        }
      case OPEN_MODE:
        {
          int flagsIdx = sig.indexOf("flags");
          long flags = flagsIdx >= 0 ? args[flagsIdx] : 0;
          boolean creates = (flags & oCreat) != 0 || (flags & oTmpfile) == oTmpfile;
          return creates ? mode(v) : null;
        }
      case MMAP_FD:
      case MMAP_OFFSET:
        {
          int flagsIdx = sig.indexOf("flags");
          if (flagsIdx >= 0 && (args[flagsIdx] & mapAnonymous) != 0) {
            return null;
          }
          return kind == ArgKind.MMAP_FD ? fd(pid, (int) v, context) : (v == 0 ? null : hex(v));
        }
      case FUTEX_ARG:
        return futex.arg(sig, spec, args, v);
      case KCMP_IDX:
        return kcmp.idx(sig, spec, args, v, context);
      case FCNTL_ARG:
        return fcntl.arg(sig, args, v, context);
      case PRCTL_ARG:
        return prctl.arg(sig, spec, i, pid, args, memory, context);
      case SOCKOPT_NAME:
        return sockoptName(sig, args, v);
      default:
        break;
    }
    if (v == 0 && !kind.showsZero()) {
      return null;
    }
    return renderValue(kind, pid, v, context);
  }

  /** Renders a value whose kind needs no other argument. */
  private String renderValue(ArgKind kind, int pid, long v, BeautyContext context) {
    return switch (kind) {
      case INT -> Integer.toString((int) v);
      case UINT -> Integer.toUnsignedString((int) v);
      case LONG -> Long.toString(v);
      case ULONG -> Long.toUnsignedString(v);
      case HEX -> hex(v);
      case PTR -> pointer(v);
      case PID -> pid((int) v, context);
      case MODE -> mode(v);
      case OPEN_FLAGS -> openFlags(v);
      case ACCESS_MODE -> accessMode(v);
      case MMAP_PROT -> v == 0 ? "NONE" : flagsOr(TableNames.MMAP_PROT, v);
      case MMAP_FLAGS -> mmapFlags(v);
      case DUP3_FLAGS -> flagsOr(TableNames.OPEN_FLAGS, v);
      case FUTEX_OP -> futex.op(v);
      case IOCTL_CMD -> ioctls.render(v);
      case CLONE_FLAGS -> cloneFlags(v);
      case SOCKET_TYPE -> socketType(v);
      case SIGNAL -> signal((int) v);
      case SCHED_POLICY -> schedPolicy(v);
      default -> {
        if (kind.table() == null) {
          yield Long.toString(v);
        }
        yield switch (kind.rendering()) {
          case FLAGS -> flagsOr(kind.table(), v);
          case VALUE_OR_HEX -> valueOr(kind.table(), v, hex(v));
          case VALUE -> valueOr(kind.table(), v, Long.toString((int) v));
        };
      }
    };
  }

  // ---- the renderers
  // -------------------------------------------------------------------------------

  static String hex(long v) {
    return "0x" + Long.toHexString(v);
  }

  static String pointer(long v) {
    return v == 0 ? "NULL" : hex(v);
  }

  static String fd(int pid, int fd, BeautyContext context) {
    if (fd < 0) {
      return Integer.toString(fd);
    }
    return annotated(fd, context.fdPath(pid, fd));
  }

  /**
   * {@code 3</etc/passwd>}: the path escaped as strace -y does, so that a newline cannot split the
   * line.
   */
  static String annotated(int fd, String path) {
    if (path == null) {
      return Integer.toString(fd);
    }
    if (ByteText.isPlain(path)) {
      return fd + "<" + path + ">";
    }
    StringBuilder b = new StringBuilder(path.length() + 16).append(fd).append('<');
    return ByteText.appendEscaped(b, path).append('>').toString();
  }

  static String pid(int pid, BeautyContext context) {
    if (pid <= 0) {
      return Integer.toString(pid);
    }
    String comm = context.comm(pid);
    return comm == null ? Integer.toString(pid) : pid + " (" + comm + ")";
  }

  /** A captured byte string as strace writes it: quoted, control and non-ASCII bytes escaped. */
  static String quote(String byteText) {
    return ByteText.appendQuoted(new StringBuilder(byteText.length() + 8), byteText).toString();
  }

  String valueOr(String table, long v, String fallback) {
    String name = tables.name(table, v);
    return name != null ? name : fallback;
  }

  private String flagsOr(String table, long v) {
    String s = tables.flags(table, v);
    return s != null ? s : hex(v);
  }

  private String mode(long v) {
    String s = tables.flagsHighFirst(TableNames.FILE_MODE, v & 0xffffffffL);
    return s != null ? s : "0" + Long.toOctalString(v);
  }

  /** The access mode first (RDONLY, WRONLY, RDWR), then the other flags. */
  String openFlags(long v) {
    long accmode = v & 3;
    String mode =
        switch ((int) accmode) {
          case 0 -> "RDONLY";
          case 1 -> "WRONLY";
          case 2 -> "RDWR";
          default -> "0x3";
        };
    long rest = v & ~3L;
    if (rest == 0) {
      return mode;
    }
    String others = tables.flags(TableNames.OPEN_FLAGS, rest);
    return mode + "|" + (others != null ? others : hex(rest));
  }

  /** access(2)/faccessat(2) mode: {@code F} for F_OK, else R|W|X with any remainder. */
  static String accessMode(long v) {
    if (v == 0) {
      return "F";
    }
    StringBuilder b = new StringBuilder();
    if ((v & 4) != 0) {
      b.append("R");
    }
    if ((v & 2) != 0) {
      b.append(b.isEmpty() ? "" : "|").append("W");
    }
    if ((v & 1) != 0) {
      b.append(b.isEmpty() ? "" : "|").append("X");
    }
    long rest = v & ~7L;
    if (rest != 0) {
      b.append(b.isEmpty() ? "" : "|").append(hex(rest));
    }
    return b.toString();
  }

  /** The result of fcntl, by command. */
  String fcntlReturn(long cmdValue, long ret, int pid, BeautyContext ctx) {
    return fcntl.result(cmdValue, ret, pid, ctx);
  }

  /** The option name of setsockopt/getsockopt, from the table of the level it belongs to. */
  private String sockoptName(SyscallSignature sig, long[] args, long v) {
    int levelIdx = sig.indexOf("level");
    String level = levelIdx >= 0 ? tables.name(TableNames.SOCKOPT_LEVELS, args[levelIdx]) : null;
    String table =
        level == null
            ? null
            : switch (level) {
              case "SOCKET" -> TableNames.SOCKET_OPTIONS;
              case "TCP" -> TableNames.TCP_OPTIONS;
              case "IP" -> TableNames.IP_OPTIONS;
              case "IPV6" -> TableNames.IPV6_OPTIONS;
              default -> null;
            };
    String fallback = Integer.toString((int) v);
    return table == null ? fallback : valueOr(table, v, fallback);
  }

  /**
   * The mapping type ({@code SHARED_VALIDATE} is one value, not SHARED|PRIVATE), then the flag
   * bits.
   */
  private String mmapFlags(long v) {
    long type = v & MAP_TYPE;
    long rest = v & ~MAP_TYPE;
    String flags = rest == 0 ? null : flagsOr(TableNames.MMAP_FLAGS, rest);
    if (type == 0) {
      return flags != null ? flags : "0";
    }
    String name = valueOr(TableNames.MMAP_TYPES, type, hex(type));
    return flags == null ? name : name + "|" + flags;
  }

  /** clone flags and, in the low byte, the signal sent to the parent when the child exits. */
  private String cloneFlags(long v) {
    long flags = v & ~CSIGNAL;
    int sig = (int) (v & CSIGNAL);
    StringBuilder b = new StringBuilder();
    if (flags != 0) {
      String s = tables.flags(TableNames.CLONE_FLAGS, flags);
      b.append(s != null ? s : hex(flags));
    }
    if (sig != 0) {
      b.append(b.isEmpty() ? "" : "|").append(signal(sig));
    }
    return b.isEmpty() ? "0" : b.toString();
  }

  /** The socket type in the low nibble, then SOCK_CLOEXEC / SOCK_NONBLOCK. */
  private String socketType(long v) {
    int type = (int) v & 0xf;
    StringBuilder b =
        new StringBuilder(valueOr(TableNames.SOCKET_TYPES, type, Integer.toString(type)));
    long rest = v & ~0xfL;
    if (rest != 0) {
      if ((rest & sockCloexec) != 0) {
        b.append("|CLOEXEC");
        rest &= ~sockCloexec;
      }
      if ((rest & sockNonblock) != 0) {
        b.append("|NONBLOCK");
        rest &= ~sockNonblock;
      }
      if (rest != 0) {
        b.append("|").append(hex(rest));
      }
    }
    return b.toString();
  }

  String signal(int sig) {
    String name = tables.name(TableNames.SIGNALS, sig);
    return name != null ? name : Integer.toString(sig);
  }

  private String schedPolicy(long v) {
    long resetOnFork = 0x40000000L;
    String name =
        valueOr(TableNames.SCHED_POLICIES, v & ~resetOnFork, Long.toString(v & ~resetOnFork));
    return (v & resetOnFork) != 0 ? name + "|RESET_ON_FORK" : name;
  }
}
